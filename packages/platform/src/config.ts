import { z } from 'zod';

/** Keys every service reads. Each service extends this with its own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  MONGODB_URL: z.string().default('mongodb://127.0.0.1:27017/kalcifer'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Port of the small HTTP server with /healthz, /readyz and /metrics (0 = any free port). */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Address it binds: loopback by default; 0.0.0.0 in a container, where the kubelet probes the pod's IP. */
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * OpenTelemetry collector (OTLP over HTTP, protobuf), e.g. http://otel-collector:4318: spans are
   * exported when set; empty or unset, none are recorded (trace ids still travel and are logged).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.union([z.literal(''), z.string().url()]).optional(),
  /** Read by the OpenTelemetry SDK: e.g. parentbased_traceidratio (default parentbased_always_on). */
  OTEL_TRACES_SAMPLER: z
    .enum([
      '',
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .optional(),
  /** Its argument: the share of traces recorded by the *traceidratio samplers, 0 to 1. */
  OTEL_TRACES_SAMPLER_ARG: z.union([z.literal(''), z.coerce.number().min(0).max(1)]).optional(),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Builds one typed, validated config object from the environment at boot; fails fast with every problem. */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data as z.infer<S>;
}
