import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
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
import type { SchedulerConfig } from '../config';

export const BUS = Symbol('Bus');
export const MONGO = Symbol('MongoConnection');
export const REDIS = Symbol('Redis');

export interface SchedulerConnections {
  bus: Bus;
  mongo: Connection;
  redis: Redis;
}

/** Opens NATS (and makes sure the streams exist), MongoDB and Redis; closes what opened if one fails. */
export async function openConnections(
  config: SchedulerConfig,
  logger: Logger,
): Promise<SchedulerConnections> {
  const opened: Partial<SchedulerConnections> = {};
  try {
    opened.bus = await connectBus(config.NATS_URL, 'scheduler', logger);
    await ensureStreams(opened.bus.jsm);
    opened.mongo = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
    opened.redis = await connectRedis(config.REDIS_URL);
    return opened as SchedulerConnections;
  } catch (err) {
    await closeConnections(opened);
    throw err;
  }
}

export async function closeConnections(c: Partial<SchedulerConnections>): Promise<void> {
  await Promise.allSettled([
    c.bus?.nc.close(),
    c.mongo?.close(),
    c.redis?.quit().catch(() => c.redis?.disconnect()),
  ]);
}

/** Closes the connections last, after every runner stopped (Nest's final shutdown hook). */
@Injectable()
export class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(MONGO) private readonly mongo: Connection,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await closeConnections({ bus: this.bus, mongo: this.mongo, redis: this.redis });
  }
}
