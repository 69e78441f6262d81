import { defineNode } from './node-definition';

export interface WaitUntilConfig {
  /** ISO 8601 date-time with `Z` or an offset. */
  until: string;
}

export const waitUntilNode = defineNode({
  type: 'wait_until',
  category: 'logic',
  description:
    'Holds the customer until a fixed date-time, then continues by `next`; a date-time already past continues at once.',
  outputs: ['next'],
  fields: {
    until: {
      kind: 'datetime',
      required: true,
      description:
        'an ISO 8601 date-time with a time zone, e.g. 2025-03-01T09:00:00Z or 2025-03-01T09:00:00+02:00',
    },
  },
});
