import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@kalcifer/platform';

export const gatewayConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** The public API over gRPC (packages/sdk), on HTTP_HOST; 0 picks a free port. */
  PUBLIC_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50061),
  /**
   * TLS of the public gRPC API: the server's certificate chain and private key (PEM files). Both or
   * neither; neither: plaintext (TLS ended by a proxy or ingress in front).
   */
  PUBLIC_GRPC_TLS_CERT_FILE: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  PUBLIC_GRPC_TLS_KEY_FILE: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** gRPC server reflection (grpc.reflection.v1 and v1alpha) on the public gRPC port, for grpcurl and the like. */
  PUBLIC_GRPC_REFLECTION: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'PUBLIC_GRPC_REFLECTION must be on or off' }) })
    .default('on'),
  ORCHESTRATOR_GRPC_URL: z.string().default('127.0.0.1:50051'),
  /** The channels service (provider configs, delivery webhooks). */
  CHANNELS_GRPC_URL: z.string().default('127.0.0.1:50053'),
  /** The ai-designer (design conversations, documents, explanations, suggestions). */
  AI_DESIGNER_GRPC_URL: z.string().default('127.0.0.1:50054'),
  /** The analytics service (journey analytics: counts, time spent, funnels). */
  ANALYTICS_GRPC_URL: z.string().default('127.0.0.1:50055'),
  /** Deadline of a designer call: a Gemini design with its repairs takes tens of seconds. */
  DESIGNER_DEADLINE_MS: z.coerce.number().int().min(1_000).default(120_000),
  /** Largest document accepted by POST /v1/designer/documents, in bytes. */
  DESIGNER_DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1_000).default(3_000_000),
  /** Public base URL of this gateway as providers see it (Twilio signs the URL it called). */
  WEBHOOK_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /**
   * Origins whose pages may call this gateway from the browser (CORS), comma-separated, e.g. a page
   * embedding the console's Web Component: `https://shop.example,https://intranet.example`. Empty:
   * none (the console's own server forwards the API on its origin and needs none).
   */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = value
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      for (const origin of origins) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol))
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `CORS_ALLOWED_ORIGINS must be origins like https://shop.example (scheme, host, optional port; no path or trailing slash), got "${origin}"`,
          });
      }
      return origins;
    }),
  /** This service's own database on the shared server. */
  MONGODB_DB: z.string().min(1).default('kalcifer_gateway'),
  /** How long a resolved API key is trusted without asking MongoDB again. */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  /** How long a GetJourney answer is reused for enrollments. */
  JOURNEY_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
  /**
   * Messages (events, enrollments) awaiting JetStream's ack at once, at most; a request that would
   * go over gets 503 with Retry-After (backpressure, nothing of it accepted).
   */
  PUBLISH_MAX_IN_FLIGHT: z.coerce.number().int().min(1_000).default(20_000),
  /**
   * Deadline of a publish or rollback call: it plans the migration over every open instance of the
   * journey (50,000 on FerretDB: tens of seconds). Other orchestrator calls keep 10 s.
   */
  PUBLISH_DEADLINE_MS: z.coerce.number().int().min(1_000).default(120_000),
  /**
   * Deadline of reading a journey's migrations (their progress) and its occupancy: they count the
   * migrations' items and the journey's open instances per version (50,000 on DocumentDB here: 0.4 s).
   */
  PROGRESS_DEADLINE_MS: z.coerce.number().int().min(1_000).default(60_000),
  /**
   * Largest accepted request body (express `limit` syntax). Below gRPC's 4 MiB message limit, so a
   * body accepted here always reaches the orchestrator and reads back (a 4.5 MB profile was a 5xx).
   */
  HTTP_BODY_LIMIT: z.string().default('3mb'),
  /** Outbound webhooks: this process consumes the journal and sends deliveries (off: another does). */
  WEBHOOK_DELIVERY: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'WEBHOOK_DELIVERY must be on or off' }) })
    .default('on'),
  /** Deliveries sent at once by this process. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Per attempt: the receiver must answer within this. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** First retry after this long, then twice as long each time, up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).default(3_600_000),
  /** A delivery that failed this many times is given up (status failed, in the delivery log). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** How often idle senders look for due retries. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(500),
  /**
   * Seals outbound webhook subscription secrets at rest (AES-256-GCM): 32 bytes in base64, the
   * same key as the channels service's. Unset: secrets are stored in clear (a warning at start).
   */
  KALCIFER_ENCRYPTION_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** Keys used before it (comma-separated base64), to open what they sealed until re-encrypted. */
  KALCIFER_ENCRYPTION_OLD_KEYS: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** JWT for console users: HS256 with this shared secret (empty: HS256 tokens refused). */
  JWT_HS256_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32).optional()),
  /** JWT for console users: RS256 with the keys published here (empty: RS256 tokens refused). */
  JWT_JWKS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** When set, a JWT's iss / aud must match. */
  JWT_ISSUER: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  JWT_AUDIENCE: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** How long keys fetched from JWT_JWKS_URL are used before fetching again. */
  JWT_JWKS_CACHE_MS: z.coerce.number().int().min(1_000).default(600_000),
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  /** Per-workspace rate limits and quotas (Redis); off: none enforced. */
  RATE_LIMITS: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'RATE_LIMITS must be on or off' }) })
    .default('on'),
  /** Defaults of a workspace's quotas (an admin changes them per workspace: PUT /v1/quotas). */
  RATE_LIMIT_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).default(10_000),
  RATE_LIMIT_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(100_000),
  QUOTA_ACTIVE_JOURNEYS: z.coerce.number().int().min(1).default(500),
  /** Open journey instances per workspace (enrollments and webhook entries beyond it: 429). */
  QUOTA_ACTIVE_INSTANCES: z.coerce.number().int().min(1).max(1_000_000_000).default(10_000_000),
  /** How long the gateway reuses a workspace's count of open instances (asked of the orchestrator). */
  QUOTA_INSTANCE_COUNT_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
