import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: true });
  await redis.connect();
  return redis;
}
