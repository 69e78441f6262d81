import { Inject, Injectable } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { startHealthServer, type HealthServer } from '@kalcifer/platform';
import { TIMER_STORE, type TimerStore } from '../ports/timer-store';
import { TIMER_INDEX, type TimerIndex } from '../ports/timer-index';
import { FIRE_PUBLISHER, type FirePublisher } from '../ports/fire-publisher';
import { TRANSPORT_SETTINGS, type TransportSettings } from './transport-settings';

export const METRICS_REGISTRY = Symbol('MetricsRegistry');

/** /healthz, /readyz (NATS, MongoDB and Redis answer) and /metrics. */
@Injectable()
export class HealthEndpoint {
  private server: HealthServer | undefined;

  constructor(
    @Inject(TIMER_STORE) private readonly store: TimerStore,
    @Inject(TIMER_INDEX) private readonly index: TimerIndex,
    @Inject(FIRE_PUBLISHER) private readonly publisher: FirePublisher,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(TRANSPORT_SETTINGS) private readonly settings: TransportSettings,
  ) {}

  get port(): number | undefined {
    return this.server?.port;
  }

  async start(): Promise<void> {
    this.server = await startHealthServer(
      'scheduler',
      this.settings.healthPort,
      { nats: () => this.publisher.ping(), mongo: () => this.store.ping(), redis: () => this.index.ping() },
      this.registry,
      this.settings.healthHost,
    );
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
