import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { type Connection } from 'mongoose';
import type { Registry } from 'prom-client';
import { mongoPing, startHealthServer, type Bus, type HealthServer } from '@kalcifer/platform';
import type { ChannelProvider } from '../ports/channel-provider';

/** /healthz, /readyz (NATS, MongoDB and the default SMTP relay answer) and /metrics. */
export class HealthEndpoint implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: HealthServer;

  constructor(
    private readonly port: number,
    private readonly registry: Registry,
    private readonly bus: Bus,
    private readonly mongo: Connection,
    private readonly provider: ChannelProvider,
    private readonly host: string,
  ) {}

  get boundPort(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startHealthServer(
      'channels',
      this.port,
      {
        nats: () => !this.bus.nc.isClosed(),
        mongo: mongoPing(this.mongo),
        smtp: () => this.provider.verify?.() ?? true,
      },
      this.registry,
      this.host,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }
}
