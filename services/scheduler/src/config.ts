import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@kalcifer/platform';

const ms = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

export const schedulerConfigSchema = baseConfigSchema.extend({
  MONGODB_DB: z.string().min(1).default('kalcifer_scheduler'),
  /** Pending timers due within this window are kept in the Redis index; later ones only in MongoDB. */
  TIMER_HORIZON_MS: ms(10 * 60_000, 1_000),
  /** How often the poller looks for due timers. */
  TIMER_POLL_MS: ms(100, 5),
  /** Most timers claimed (and published) per poll; a full batch polls again at once. */
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(1_000),
  /** Schedule/cancel requests handled at once by this process. */
  TIMER_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(1_024).default(256),
  /**
   * Prefix of the Redis keys; default `{kalcifer:timers:<MONGODB_DB>}`: the index mirrors one
   * database, so two deployments on one Redis never share it. The braces keep the keys in one
   * Redis Cluster slot for the Lua scripts.
   */
  TIMER_REDIS_PREFIX: z.string().min(1).optional(),
});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;

export function redisPrefix(config: SchedulerConfig): string {
  return config.TIMER_REDIS_PREFIX ?? `{kalcifer:timers:${config.MONGODB_DB}}`;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  return loadConfig(schedulerConfigSchema, env);
}
