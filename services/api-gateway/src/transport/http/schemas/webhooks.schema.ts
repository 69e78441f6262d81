import { z } from 'zod';
import { JOURNAL_EVENT_TYPES } from '@kalcifer/contracts';
import { optionalString, pageCursor, pageLimit } from './common.schema';
import { journeyIdFilter } from './stream.schema';

const webhookUrl = z
  .string({ required_error: 'url is required: the https:// address that receives the events' })
  .max(2_000, 'url must be at most 2,000 characters')
  .url('url must be an absolute URL such as https://example.com/kalcifer-events')
  .refine((u) => /^https?:\/\//i.test(u), 'url must start with https:// (or http://)')
  .refine((u) => !new URL(u).username && !new URL(u).password, 'url must not carry a user name or password');

const eventTypes = z
  .array(
    z.enum(JOURNAL_EVENT_TYPES, {
      errorMap: () => ({ message: `each event type must be one of ${JOURNAL_EVENT_TYPES.join(', ')}` }),
    }),
    { invalid_type_error: 'eventTypes must be a list of event types (empty: every type)' },
  )
  .max(JOURNAL_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)]);

export const createSubscriptionSchema = z
  .object({
    url: webhookUrl,
    eventTypes: eventTypes.optional(),
    journeyId: journeyIdFilter.optional(),
    description: optionalString('description', 500),
    enabled: z.boolean({ invalid_type_error: 'enabled must be true or false' }).optional(),
  })
  .strict();
export type CreateSubscriptionDto = z.infer<typeof createSubscriptionSchema>;

export const updateSubscriptionSchema = z
  .object({
    url: webhookUrl.optional(),
    eventTypes: eventTypes.optional(),
    journeyId: journeyIdFilter.nullable().optional(),
    description: optionalString('description', 500),
    enabled: z.boolean({ invalid_type_error: 'enabled must be true or false' }).optional(),
  })
  .strict()
  .refine(
    (o) => Object.keys(o).length > 0,
    'send at least one of url, eventTypes, journeyId, description, enabled',
  );
export type UpdateSubscriptionDto = z.infer<typeof updateSubscriptionSchema>;

export const listDeliveriesQuerySchema = z
  .object({
    status: z
      .enum(['pending', 'delivered', 'failed'], {
        errorMap: () => ({ message: 'status must be one of pending, delivered, failed' }),
      })
      .optional(),
    limit: pageLimit,
    cursor: pageCursor,
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;
