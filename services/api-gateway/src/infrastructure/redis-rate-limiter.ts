import type { Logger, Redis } from '@kalcifer/platform';
import type { RateLimiter } from '../ports/rate-limiter.port';

/**
 * Fixed one-second windows: INCRBY on `kalcifer:rl:<scope>:<second>`, expiring after two seconds.
 * One round trip (pipelined) per request. Fails open, logged: a Redis outage must not refuse the
 * API's traffic.
 */
export class RedisRateLimiter implements RateLimiter {
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(scope: string, cost: number, limit: number) {
    const nowMs = this.now();
    const second = Math.floor(nowMs / 1000);
    const key = `kalcifer:rl:${scope}:${second}`;
    try {
      const results = await this.redis.multi().incrby(key, cost).expire(key, 2).exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      return { allowed: count <= limit, retryAfterSeconds: 1 };
    } catch (err) {
      if (nowMs - this.lastWarning > 10_000) {
        this.lastWarning = nowMs;
        this.logger.warn({ err }, 'rate limiter unavailable (Redis); requests pass unlimited');
      }
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }
}
