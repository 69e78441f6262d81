import { defineNode } from './node-definition';
import { REENTRY_FIELD, type ReentryPolicy } from './shared-fields';

export interface EventEntryConfig {
  event: string;
  /** Expression over `event` (and `customer`); only matching events enrol the customer. */
  filter?: string;
  reentry?: ReentryPolicy;
}

export const eventEntryNode = defineNode({
  type: 'event_entry',
  category: 'entry',
  description:
    'Starts the journey when the customer sends the named event (optionally only when `filter` is true); ' +
    'the event properties become `context`.',
  outputs: ['next'],
  fields: {
    event: { kind: 'text', required: true, description: 'the event name that enrols, e.g. "signed_up"' },
    filter: {
      kind: 'expression',
      description: 'an expression over the event, e.g. event.properties.amount > 100',
    },
    reentry: REENTRY_FIELD,
  },
});
