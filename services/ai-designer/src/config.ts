import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@kalcifer/platform';

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const designerConfigSchema = baseConfigSchema.extend({
  MONGODB_DB: z.string().min(1).default('kalcifer_ai_designer'),
  /** Where the AiDesigner gRPC service listens (the api-gateway's AI_DESIGNER_GRPC_URL). */
  AI_DESIGNER_GRPC_ADDRESS: z.string().min(3).default('127.0.0.1:50054'),
  /** Unset: the offline designer answers every brief (no network needed). */
  GEMINI_API_KEY: optional(z.string().min(1)),
  GEMINI_MODEL: z.string().min(1).default('gemini-2.0-flash'),
  /** Another endpoint speaking the Gemini REST API (a proxy, a test server); Google's when unset. */
  GEMINI_BASE_URL: optional(z.string().url()),
  /** Deadline of one model call. */
  GEMINI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Model calls per brief (the first answer and its repairs) before the offline designer answers. */
  GEMINI_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Largest uploaded document accepted, in bytes. */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1_000).max(50_000_000).default(3_000_000),
});

export type DesignerConfig = z.infer<typeof designerConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): DesignerConfig {
  return loadConfig(designerConfigSchema, env);
}
