import { z } from 'zod';
import { JOURNAL_EVENT_TYPES, type JournalEventType } from '@kalcifer/contracts';

/** A journey id as the orchestrator makes them (`jr_...`): one token of a JetStream subject. */
export const journeyIdFilter = z
  .string({ invalid_type_error: 'journeyId must be a string' })
  .regex(
    /^[A-Za-z0-9_-]{1,128}$/,
    'journeyId must be a journey id such as jr_AbC123 (letters, digits, _ and -)',
  );

/** `types=node.entered,goal.reached`: a comma-separated list of journal event types (journey events, alert.fired, alert.resolved). */
export const eventTypesList = z
  .string({ invalid_type_error: 'types must be a comma-separated list of event types' })
  .transform((value, ctx): JournalEventType[] => {
    const types = value.split(',').map((t) => t.trim());
    const unknown = types.filter((t) => !(JOURNAL_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `unknown event type ${unknown.map((t) => `"${t}"`).join(', ')}: types must be a comma-separated list of ${JOURNAL_EVENT_TYPES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(types)] as JournalEventType[];
  });

/** The last event id a client saw: the header `Last-Event-ID` or the query `lastEventId`. */
export const lastEventId = z
  .string()
  .regex(
    /^\d{1,15}$/,
    'Last-Event-ID (or lastEventId) must be the id of an event this stream sent (a whole number)',
  )
  .transform(Number);

export const streamQuerySchema = z
  .object({
    journeyId: journeyIdFilter.optional(),
    types: eventTypesList.optional(),
    lastEventId: lastEventId.optional(),
  })
  .strict();
export type StreamQuery = z.infer<typeof streamQuerySchema>;
