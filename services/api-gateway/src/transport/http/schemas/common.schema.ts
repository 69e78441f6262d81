import { z } from 'zod';
import { idProblem } from '../../../application/input-limits';

/** Building blocks shared by the per-route request schemas; messages say what to send instead. */

export function requiredString(field: string, what: string, max = 256) {
  return z
    .string({
      required_error: `${field} is required: ${what}`,
      invalid_type_error: `${field} must be a string: ${what}`,
    })
    .min(1, `${field} must not be empty: ${what}`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((s) => s.trim() !== '', `${field} must not be blank: ${what}`);
}

export function optionalString(field: string, max = 2_000) {
  return z
    .string({ invalid_type_error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max} characters`)
    .optional();
}

/** A JSON object (not an array, not null). */
export function jsonObject(field: string) {
  return z.record(z.unknown(), {
    invalid_type_error: `${field} must be a JSON object, e.g. {"plan": "pro"}`,
    required_error: `${field} is required (a JSON object)`,
  });
}

/** A zod string for an id (see idProblem); `what` says what the id is, for the required message. */
export function idSchema(field: string, what?: string) {
  const hint = what ? `: ${what}` : '';
  return z
    .string({
      required_error: `${field} is required${hint}`,
      invalid_type_error: `${field} must be a string${hint}`,
    })
    .superRefine((value, ctx) => {
      const problem = idProblem(field, value);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });
}

/**
 * Customer attributes: a JSON object whose names are stored as fields of the profile, so a name
 * must not be empty, start with "$" or hold "." (it would be read as a path).
 */
export function attributesObject(field: string) {
  return jsonObject(field).superRefine((attributes, ctx) => {
    for (const name of Object.keys(attributes))
      if (name === '' || name.startsWith('$') || name.includes('.'))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [name],
          message: `attribute name ${JSON.stringify(name)} is not allowed: names must not be empty, start with "$" or contain "."`,
        });
  });
}

/** Client-chosen ids (event ids, enrollment ids) that make a retry idempotent: the one id rule. */
export function clientId(field: string) {
  return idSchema(field, 'omit it to let Kalcifer generate one').optional();
}

export const MAX_BATCH = 1_000;

/** Marks an issue that maps to 413 instead of 400 (see ZodPipe). */
export const BATCH_TOO_LARGE = 'batch_too_large';

/**
 * An array of at most `max` items. The count is checked before any item is validated, so an
 * oversized batch is refused (413) without doing its work.
 */
export function batchOf<T extends z.ZodTypeAny>(field: string, item: T, max = MAX_BATCH) {
  return z
    .array(z.unknown(), {
      required_error: `${field} is required: an array of 1 to ${max} items`,
      invalid_type_error: `${field} must be an array of 1 to ${max} items`,
    })
    .min(1, `${field} must hold at least one item`)
    .superRefine((items, ctx) => {
      if (items.length > max) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `${field} holds ${items.length} items; send at most ${max} per request`,
          params: { code: BATCH_TOO_LARGE },
        });
      }
    })
    .pipe(z.array(item));
}

export const pageLimit = z.coerce
  .number({ invalid_type_error: 'limit must be a whole number from 1 to 200' })
  .int('limit must be a whole number from 1 to 200')
  .min(1, 'limit must be a whole number from 1 to 200')
  .max(200, 'limit must be a whole number from 1 to 200')
  .default(50);

/** Opaque: checked by PageCursors (400 invalid_cursor unless this API issued it for the list). */
export const pageCursor = z
  .string({ invalid_type_error: 'cursor must be the nextCursor of the previous page' })
  .max(1_000, 'cursor must be the nextCursor of the previous page; leave it out to start from the first page')
  .optional();
