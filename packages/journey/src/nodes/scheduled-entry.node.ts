import { defineNode } from './node-definition';
import { REENTRY_FIELD, type ReentryPolicy } from './shared-fields';

export interface ScheduledEntryConfig {
  /** Five-field cron, e.g. "0 9 * * mon" (every Monday at 09:00). */
  cron: string;
  /** IANA time zone the cron is read in; UTC when absent. */
  timezone?: string;
  /** Expression over `customer`: who is enrolled at each firing; everyone when absent. */
  criteria?: string;
  reentry?: ReentryPolicy;
}

export const scheduledEntryNode = defineNode({
  type: 'scheduled_entry',
  category: 'entry',
  description:
    'Enrols, at every time of a cron schedule, the customers for whom `criteria` is true (everyone when absent).',
  outputs: ['next'],
  fields: {
    cron: {
      kind: 'cron',
      required: true,
      description: 'a five-field cron (minute hour day-of-month month day-of-week), e.g. "0 9 * * mon-fri"',
    },
    timezone: {
      kind: 'timezone',
      default: 'UTC',
      description: 'the IANA time zone the cron is read in, e.g. Europe/Paris',
    },
    criteria: {
      kind: 'expression',
      description: "an expression over the customer, e.g. customer.plan == 'trial'",
    },
    reentry: REENTRY_FIELD,
  },
});
