/** Counts work per one-second window, shared by every gateway replica (Redis). */
export interface RateLimiter {
  /**
   * Adds `cost` to `scope`'s current second; allowed while the total stays within `limit`.
   * When the counter cannot be reached the call is allowed (limits must not take the API down).
   */
  consume(
    scope: string,
    cost: number,
    limit: number,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
export const RATE_LIMITER = Symbol('RateLimiter');
