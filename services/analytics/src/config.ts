import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@kalcifer/platform';

export const analyticsConfigSchema = baseConfigSchema.extend({
  MONGODB_DB: z.string().min(1).default('kalcifer_analytics'),
  /** Where the Analytics gRPC service listens (the api-gateway's ANALYTICS_GRPC_URL). */
  ANALYTICS_GRPC_ADDRESS: z.string().min(3).default('127.0.0.1:50055'),
  /** Journal messages handled at once; concurrent ones are written together in one insertMany. */
  ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  /** How often the alert rules are evaluated (ms). */
  ALERT_EVAL_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
