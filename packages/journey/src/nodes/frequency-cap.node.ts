import { defineNode } from './node-definition';

export const CAP_CHANNELS = ['any', 'email', 'sms', 'push', 'whatsapp', 'webhook'] as const;

export interface FrequencyCapConfig {
  /** Which sends count; `any` counts every channel. Default `any`. */
  channel?: (typeof CAP_CHANNELS)[number];
  /** At most this many sends in the window. */
  limit: number;
  /** ISO 8601 duration of the sliding window, e.g. P1D. */
  window: string;
}

/** Reads the counters the orchestrator supplies (`facts.recentSends`); reserves nothing. */
export const frequencyCapNode = defineNode({
  type: 'frequency_cap',
  category: 'logic',
  description:
    'Continues by `within` when the customer received fewer than `limit` sends of `channel` in the last ' +
    '`window`, else by `exceeded`.',
  outputs: ['within', 'exceeded'],
  fields: {
    channel: {
      kind: 'enum',
      values: CAP_CHANNELS,
      default: 'any',
      description: 'which sends count: "any", "email", "sms", "push", "whatsapp" or "webhook"',
    },
    limit: {
      kind: 'integer',
      required: true,
      min: 1,
      description: 'the most sends allowed in the window, e.g. 3',
    },
    window: { kind: 'duration', required: true, description: 'the sliding window, e.g. P1D or P7D' },
  },
});
