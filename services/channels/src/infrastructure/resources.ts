import type { OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  connectBus,
  connectMongo,
  connectRedis,
  ensureStreams,
  type Bus,
  type Logger,
  type Redis,
} from '@kalcifer/platform';
import type { ChannelsConfig } from '../config';
import type { ChannelProvider } from '../ports/channel-provider';
import { MailpitLookup } from './mailpit-lookup';
import { SmtpEmailProvider } from './smtp-email-provider';

/**
 * The connections the worker holds open. Closed last, after the consumer has finished the
 * intents in flight (Nest runs every onModuleDestroy before any onApplicationShutdown).
 */
export class Resources implements OnApplicationShutdown {
  private constructor(
    readonly bus: Bus,
    readonly mongo: Connection,
    readonly redis: Redis,
    readonly emailProvider: ChannelProvider,
    private readonly logger: Logger,
  ) {}

  static async open(config: ChannelsConfig, logger: Logger): Promise<Resources> {
    const mongo = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
    let bus: Bus;
    let redis: Redis;
    try {
      bus = await connectBus(config.NATS_URL, 'channels', logger);
      await ensureStreams(bus.jsm);
      redis = await connectRedis(config.REDIS_URL);
    } catch (err) {
      await mongo.close();
      throw err;
    }
    const emailProvider = new SmtpEmailProvider({
      url: config.SMTP_URL,
      maxConnections: config.SEND_CONCURRENCY,
      socketTimeoutMs: config.SEND_TIMEOUT_MS,
      ...(config.MAILPIT_API_URL ? { lookup: new MailpitLookup(config.MAILPIT_API_URL) } : {}),
    });
    return new Resources(bus, mongo, redis, emailProvider, logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emailProvider.close?.();
    await this.bus.nc.drain();
    await this.mongo.close();
    this.redis.disconnect();
    this.logger.info('channels stopped');
  }
}
