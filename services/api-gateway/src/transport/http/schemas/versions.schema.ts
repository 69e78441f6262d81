import { z } from 'zod';
import { optionalString } from './common.schema';

const POLICIES = ['skip', 'exit', 'hold'] as const;
const policy = z.enum(POLICIES, {
  errorMap: () => ({ message: `a policy must be one of ${POLICIES.join(', ')}` }),
});

/** old node id -> new node id, or {"policy": ...} for an old node with no counterpart. */
const mappingSchema = z.record(
  z.union([z.string().min(1).max(100), z.object({ policy }).strict()], {
    errorMap: () => ({
      message:
        'each mapping value must be a node id of the new version or {"policy": "skip" | "exit" | "hold"}',
    }),
  }),
  {
    invalid_type_error:
      'mapping must be a JSON object such as {"old_node": "new_node", "gone": {"policy": "exit"}}',
  },
);

const percent = z
  .number({ invalid_type_error: 'percent must be a whole number from 1 to 100' })
  .int('percent must be a whole number from 1 to 100')
  .min(1, 'percent must be a whole number from 1 to 100')
  .max(100, 'percent must be a whole number from 1 to 100');

const rolloutSchema = z
  .object({
    percent,
    schedule: z
      .array(
        z
          .object({
            percent,
            at: z.string().datetime({
              offset: true,
              message: 'at must be an ISO 8601 time such as "2026-12-01T09:00:00Z"',
            }),
          })
          .strict(),
      )
      .max(20, 'a rollout schedule has at most 20 steps')
      .optional(),
  })
  .strict();

/**
 * The migration fields of a publish or a rollback. `strategy` is any string here: the use case
 * answers an unknown strategy with `unsupported_strategy`, which says more than a schema error.
 */
const publishFields = {
  strategy: z
    .string({ invalid_type_error: 'strategy must be a string: new_entries_only, migrate_all or gradual' })
    .optional(),
  note: optionalString('note'),
  dryRun: z.boolean({ invalid_type_error: 'dryRun must be true or false' }).optional(),
  mapping: mappingSchema.optional(),
  removedNodePolicy: policy.optional(),
  rollout: rolloutSchema.optional(),
};

export const publishVersionSchema = z.object(publishFields).strict().default({});
export type PublishVersionDto = z.infer<typeof publishVersionSchema>;

export const versionNumberSchema = z.coerce
  .number({ invalid_type_error: 'the version must be a positive whole number' })
  .int('the version must be a positive whole number')
  .min(1, 'the version must be a positive whole number');

export const rollbackSchema = z
  .object({
    ...publishFields,
    version: z
      .number({
        required_error: 'version is required: the earlier version to roll back to',
        invalid_type_error: 'version must be a positive whole number',
      })
      .int('version must be a positive whole number')
      .min(1, 'version must be a positive whole number'),
  })
  .strict();
export type RollbackDto = z.infer<typeof rollbackSchema>;

/** A side of a diff: a published version number, or `draft` (the journey's current draft). */
const diffSide = (name: string) =>
  z.union([z.literal('draft'), versionNumberSchema], {
    errorMap: () => ({
      message: `${name} must be a version number (a positive whole number) or "draft"`,
    }),
  });

export const diffQuerySchema = z.object({ from: diffSide('from'), to: diffSide('to') }).strict();
export type DiffQuery = z.infer<typeof diffQuerySchema>;

export const setRolloutSchema = z.object({ percent, note: optionalString('note') }).strict();
export type SetRolloutDto = z.infer<typeof setRolloutSchema>;

export const haltSchema = z
  .object({ note: optionalString('note') })
  .strict()
  .default({});
export type HaltDto = z.infer<typeof haltSchema>;

export const releaseSchema = z.union(
  [
    z.object({ nodeId: z.string().min(1).max(100) }).strict(),
    z.object({ exit: z.literal(true), reason: optionalString('reason', 500) }).strict(),
  ],
  {
    errorMap: () => ({
      message: 'send {"nodeId": "<node of the instance\'s version>"} or {"exit": true, "reason": "..."}',
    }),
  },
);
export type ReleaseDto = z.infer<typeof releaseSchema>;
