/**
 * Shared set-up for the frequency-cap tests: real Redis at REDIS_URL (use the second
 * infrastructure, `eval "$(bash scripts/infra-alt.sh env)"`), a unique key prefix per test file,
 * and clean-up of exactly those keys (never FLUSHALL: others share the server).
 */
import { randomUUID } from 'node:crypto';
import { connectRedis, type Redis } from '@kalcifer/platform';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A fixed clock origin: tests pass explicit `now` values instead of sleeping. */
export const T0 = Date.parse('2026-11-20T08:00:00Z');

export function uniquePrefix(name: string): string {
  return `test:caps:${name}:${randomUUID()}`;
}

export async function openConnections(count: number): Promise<Redis[]> {
  return Promise.all(Array.from({ length: count }, () => connectRedis(REDIS_URL)));
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function closeAll(connections: Redis[]): Promise<void> {
  await Promise.all(connections.map((c) => c.quit()));
}
