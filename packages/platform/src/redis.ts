import { Redis } from 'ioredis';
import { monitorRedisCommands } from './command-latency';

export type { Redis } from 'ioredis';

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: true });
  // Every command's latency goes to /metrics (command-latency.ts).
  monitorRedisCommands(redis);
  await redis.connect();
  return redis;
}
