import { z } from 'zod';
import { optionalString } from './common.schema';

/**
 * `strategy` is any string here: the use case answers an unknown or not-yet-available strategy
 * with `unsupported_strategy`, which says more than a schema error would.
 */
export const publishVersionSchema = z
  .object({
    strategy: z
      .string({ invalid_type_error: 'strategy must be a string, e.g. "new_entries_only"' })
      .optional(),
    note: optionalString('note'),
    dryRun: z.boolean({ invalid_type_error: 'dryRun must be true or false' }).optional(),
  })
  .strict()
  .default({});
export type PublishVersionDto = z.infer<typeof publishVersionSchema>;

export const versionNumberSchema = z.coerce
  .number({ invalid_type_error: 'the version must be a positive whole number' })
  .int('the version must be a positive whole number')
  .min(1, 'the version must be a positive whole number');
