import { z } from 'zod';
import { isTimeZone } from '@kalcifer/journey';
import { baseConfigSchema, loadConfig } from '@kalcifer/platform';

export const orchestratorConfigSchema = baseConfigSchema.extend({
  MONGODB_DB: z.string().default('kalcifer_orchestrator'),
  /** Where the gRPC server listens (the api-gateway's ORCHESTRATOR_GRPC_URL). */
  GRPC_ADDRESS: z.string().default('127.0.0.1:50051'),
  /** Signals handled at once per consumer. */
  SIGNAL_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  /**
   * Instances a live migration moves at once (their reads and writes are batched: more in flight,
   * bigger batches). Measured over 50,000 on 2 cores: 128 -> 534/s; 1024 -> 2048: 61.3 / 67.8 s
   * -> 53.6 / 65.9 s (two pairs, docs/benchmarks.md).
   */
  MIGRATION_CONCURRENCY: z.coerce.number().int().min(1).max(4096).default(2048),
  /** Outbox entries older than this are re-published by the recovery sweep. */
  OUTBOX_RECOVERY_AGE_MS: z.coerce.number().int().min(100).default(3_000),
  OUTBOX_SWEEP_EVERY_MS: z.coerce.number().int().min(100).default(2_000),
  /** How long journey status and event-entry lists are cached (versions are immutable: forever). */
  JOURNEY_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
  /** How often scheduled_entry crons and segment_entry evaluations are checked. */
  ENTRY_TICK_MS: z.coerce.number().int().min(100).default(1_000),
  /** How often running migrations are checked (scheduled rollout steps, fan-out resume, completion). */
  MIGRATION_TICK_MS: z.coerce.number().int().min(100).default(1_000),
  /**
   * How often each running migration's counts are sampled for its progress over time
   * (GET .../migrations/{mid}/progress); a series past 240 samples keeps every other and doubles this.
   */
  MIGRATION_PROGRESS_SAMPLE_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * A version stored this long ago whose publish has not finished (a crash between storing it and
   * starting its migration) is finished by the migration tick. Above any publish's own duration.
   */
  PUBLISH_RESUME_AGE_MS: z.coerce.number().int().min(0).default(150_000),
  /** Timeout of a call to a user's segment service (segment_entry with a url). */
  SEGMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3_000),
  /** IANA time zone for send windows when neither the customer nor the node names one. */
  DEFAULT_TIMEZONE: z
    .string()
    .refine((tz) => isTimeZone(tz), 'DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Paris')
    .default('UTC'),
});

export type OrchestratorConfig = z.infer<typeof orchestratorConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): OrchestratorConfig {
  return loadConfig(orchestratorConfigSchema, env);
}
