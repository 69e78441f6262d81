import type { OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { connectBus, connectMongo, ensureStreams, type Bus, type Logger } from '@kalcifer/platform';
import type { AnalyticsConfig } from '../config';

/**
 * The connections the service holds open. Closed last, after the consumer has finished the
 * writes in flight (Nest runs every onModuleDestroy before any onApplicationShutdown).
 */
export class Resources implements OnApplicationShutdown {
  private constructor(
    readonly bus: Bus,
    readonly mongo: Connection,
    private readonly logger: Logger,
  ) {}

  static async open(config: AnalyticsConfig, logger: Logger): Promise<Resources> {
    const mongo = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
    try {
      const bus = await connectBus(config.NATS_URL, 'analytics', logger);
      await ensureStreams(bus.jsm);
      return new Resources(bus, mongo, logger);
    } catch (err) {
      await mongo.close();
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.nc.drain();
    await this.mongo.close();
    this.logger.info('analytics stopped');
  }
}
