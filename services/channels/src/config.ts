import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@kalcifer/platform';
import { CredentialsCipher } from './infrastructure/credentials-cipher';

/** An unset optional URL may arrive as an empty string (from `.env` files or test overrides). */
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());

export const channelsConfigSchema = baseConfigSchema
  .extend({
    MONGODB_DB: z.string().min(1).default('kalcifer_channels'),
    SMTP_URL: z.string().url().default('smtp://127.0.0.1:1025'),
    EMAIL_FROM: z.string().min(3).default('Kalcifer <no-reply@kalcifer.local>'),
    /**
     * Intents handled at once by this process (also the SMTP connection pool size). A send mostly
     * waits (ledger, SMTP); 64 let the ledger's group commit batch: 336 emails/s against 122 at 16
     * (services/channels/src/bench/send-rate.bench.ts, docs/benchmarks.md "Channels").
     */
    SEND_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
    /** Provider calls per send before it is marked `failed` (retryable errors only). */
    SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /** Delay before the second attempt; doubles for every further attempt (capped at 5 minutes). */
    SEND_RETRY_BACKOFF_MS: z.coerce.number().int().min(1).max(300_000).default(5_000),
    /** Longest a provider call may take before its outcome is treated as unknown. */
    SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /**
     * How long a `sending` claim belongs to the worker that set it. Only after it expires may
     * another worker decide that the first one crashed. Must exceed SEND_TIMEOUT_MS.
     */
    SEND_LEASE_MS: z.coerce.number().int().min(200).max(3_600_000).default(15_000),
    /** Mailpit's REST API (development only): gives the SMTP adapter a message lookup. */
    MAILPIT_API_URL: optionalUrl,
    /**
     * 32 bytes in base64 (openssl rand -base64 32): seals provider credentials (AES-256-GCM).
     * Unset: workspaces cannot configure providers (SMTP_URL and call_webhook still work).
     */
    KALCIFER_ENCRYPTION_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    /**
     * Keys used before KALCIFER_ENCRYPTION_KEY (comma-separated base64): they still open what
     * they sealed, until `npm run reencrypt-secrets -w @kalcifer/channels` seals it under the new key.
     */
    KALCIFER_ENCRYPTION_OLD_KEYS: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    /** Where the Channels gRPC service listens (the api-gateway's CHANNELS_GRPC_URL). */
    CHANNELS_GRPC_ADDRESS: z.string().min(3).default('127.0.0.1:50053'),
    /** Public base URL of the API gateway: providers post delivery statuses to <it>/v1/webhooks/... */
    WEBHOOK_PUBLIC_URL: optionalUrl,
  })
  .refine((c) => c.SEND_LEASE_MS > c.SEND_TIMEOUT_MS, {
    message: 'SEND_LEASE_MS must be greater than SEND_TIMEOUT_MS',
    path: ['SEND_LEASE_MS'],
  })
  .superRefine((c, ctx) => {
    if (c.KALCIFER_ENCRYPTION_KEY === undefined) {
      if (c.KALCIFER_ENCRYPTION_OLD_KEYS !== undefined)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['KALCIFER_ENCRYPTION_OLD_KEYS'],
          message: 'KALCIFER_ENCRYPTION_OLD_KEYS needs KALCIFER_ENCRYPTION_KEY (the current key)',
        });
      return;
    }
    try {
      CredentialsCipher.fromKeys(c.KALCIFER_ENCRYPTION_KEY, c.KALCIFER_ENCRYPTION_OLD_KEYS);
    } catch (err) {
      const message = (err as Error).message;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [
          message.startsWith('KALCIFER_ENCRYPTION_OLD_KEYS')
            ? 'KALCIFER_ENCRYPTION_OLD_KEYS'
            : 'KALCIFER_ENCRYPTION_KEY',
        ],
        message,
      });
    }
  });

export type ChannelsConfig = z.infer<typeof channelsConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): ChannelsConfig {
  return loadConfig(channelsConfigSchema, env);
}
