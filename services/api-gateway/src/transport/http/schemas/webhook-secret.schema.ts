import { z } from 'zod';

/** POST /v1/webhook-subscriptions/{id}/rotate-secret: an optional body. */
export const rotateSecretSchema = z.preprocess(
  (v) => v ?? {},
  z
    .object({
      graceSeconds: z
        .number({ invalid_type_error: 'graceSeconds must be a number of seconds' })
        .int('graceSeconds must be a whole number of seconds')
        .min(0, 'graceSeconds must be 0 or more')
        .max(604_800, 'graceSeconds must be at most 604800 (7 days)')
        .optional(),
    })
    .strict(),
);
export type RotateSecretDto = z.infer<typeof rotateSecretSchema>;
