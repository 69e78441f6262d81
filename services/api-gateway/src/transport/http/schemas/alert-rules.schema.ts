import { z } from 'zod';
import { ALERT_RULE_KINDS } from '@kalcifer/contracts';
import { requiredString } from './common.schema';
import { namedErrors } from './error-map';
import { journeyIdFilter } from './stream.schema';

const CHANNELS = ['email', 'sms', 'push', 'whatsapp', 'webhook'] as const;

const nodeId = z
  .string({ invalid_type_error: 'nodeId must be a string' })
  .regex(
    /^[A-Za-z0-9_.:-]{1,128}$/,
    'nodeId must be the id of a node of the journey (letters, digits, _ . : -)',
  );
const channel = z.enum(CHANNELS, {
  errorMap: () => ({ message: `channel must be one of ${CHANNELS.join(', ')}` }),
});
const thresholdPercent = z
  .number({ invalid_type_error: 'thresholdPercent must be a number (percent)' })
  .min(0, 'thresholdPercent must be 0 to 100')
  .max(100, 'thresholdPercent must be 0 to 100');
const windowMinutes = z
  .number({ invalid_type_error: 'windowMinutes must be a number of minutes' })
  .positive('windowMinutes must be more than 0')
  .max(1_440, 'windowMinutes must be at most 1440 (a day)');
const minSamples = z
  .number({ invalid_type_error: 'minSamples must be a whole number' })
  .int('minSamples must be a whole number')
  .min(1, 'minSamples must be at least 1')
  .max(1_000_000, 'minSamples must be at most 1,000,000');
const hours = z
  .number({ invalid_type_error: 'hours must be a number of hours' })
  .positive('hours must be more than 0')
  .max(168, 'hours must be at most 168 (the journal keeps 7 days)');
const name = requiredString('name', 'what the alert is called, e.g. "SMS failures"', 200);
const enabled = z.boolean({ invalid_type_error: 'enabled must be true or false' });

/** One schema per kind (strict: a field the kind does not use is a 400 naming it). */
const failureRate = z
  .object({
    kind: z.literal('failure_rate'),
    name,
    journeyId: journeyIdFilter.optional(),
    nodeId: nodeId.optional(),
    channel: channel.optional(),
    thresholdPercent,
    windowMinutes,
    minSamples: minSamples.optional(),
    enabled: enabled.optional(),
  })
  .strict()
  .refine((r) => r.nodeId === undefined || r.journeyId !== undefined, {
    message: 'nodeId needs the journeyId of its journey',
    path: ['journeyId'],
  })
  .refine((r) => r.nodeId === undefined || r.channel === undefined, {
    message: 'give nodeId or channel, not both',
    path: ['channel'],
  });

const deliveryRate = z
  .object({
    kind: z.literal('delivery_rate'),
    name,
    journeyId: journeyIdFilter.optional(),
    channel: channel.optional(),
    thresholdPercent,
    windowMinutes,
    minSamples: minSamples.optional(),
    enabled: enabled.optional(),
  })
  .strict();

const noEntries = z
  .object({
    kind: z.literal('no_entries'),
    name,
    journeyId: journeyIdFilter,
    hours,
    enabled: enabled.optional(),
  })
  .strict();

const KIND_MESSAGE = `kind must be one of ${ALERT_RULE_KINDS.join(', ')}`;

const BY_KIND = { failure_rate: failureRate, delivery_rate: deliveryRate, no_entries: noEntries };
export type AlertRuleDto = z.infer<(typeof BY_KIND)[keyof typeof BY_KIND]>;

/** A rule: `kind` decides which other fields it takes (a field its kind does not use is a 400). */
export const alertRuleSchema = z
  .object(
    { kind: z.enum(ALERT_RULE_KINDS, { errorMap: () => ({ message: KIND_MESSAGE }) }) },
    { invalid_type_error: 'the body must be a JSON object describing the rule' },
  )
  .passthrough()
  .transform((value, ctx): AlertRuleDto => {
    const result = BY_KIND[value.kind].safeParse(value, { errorMap: namedErrors });
    if (result.success) return result.data;
    result.error.issues.forEach((issue) => ctx.addIssue(issue));
    return z.NEVER;
  });

/**
 * A change: the fields to set (null clears an optional one). The result must be a whole valid
 * rule of its kind, checked again by the analytics service.
 */
export const alertRuleChangeSchema = z
  .object({
    name: name.optional(),
    kind: z.enum(ALERT_RULE_KINDS, { errorMap: () => ({ message: KIND_MESSAGE }) }).optional(),
    journeyId: journeyIdFilter.nullable().optional(),
    nodeId: nodeId.nullable().optional(),
    channel: channel.nullable().optional(),
    thresholdPercent: thresholdPercent.nullable().optional(),
    windowMinutes: windowMinutes.nullable().optional(),
    minSamples: minSamples.nullable().optional(),
    hours: hours.nullable().optional(),
    enabled: enabled.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message:
      'send at least one of name, kind, journeyId, nodeId, channel, thresholdPercent, windowMinutes, minSamples, hours, enabled',
  });
export type AlertRuleChangeDto = z.infer<typeof alertRuleChangeSchema>;
