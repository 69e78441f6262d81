import { z } from 'zod';
import { batchOf, clientId, jsonObject, requiredString, idSchema } from './common.schema';

const TIMESTAMP_HINT = 'an ISO 8601 date-time such as "2026-01-31T12:00:00Z", or epoch milliseconds';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 date-time string or epoch milliseconds -> epoch milliseconds. */
const timestamp = z.unknown().transform((value, ctx) => {
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && ISO_DATE_TIME.test(value)
        ? Date.parse(value)
        : NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `timestamp must be ${TIMESTAMP_HINT}` });
    return z.NEVER;
  }
  return Math.trunc(ms);
});

export const customerEventSchema = z
  .object({
    customerId: idSchema('customerId', 'the id of the customer in your system'),
    name: requiredString('name', 'the event name, e.g. "email_opened"', 200),
    properties: jsonObject('properties').optional(),
    timestamp: timestamp.optional(),
    id: clientId('id'),
  })
  .strict();

export type CustomerEventDto = z.infer<typeof customerEventSchema>;

export const eventBatchSchema = z.object({ events: batchOf('events', customerEventSchema) }).strict();

export type EventBatchDto = z.infer<typeof eventBatchSchema>;
