import { defineNode } from './node-definition';

export interface WaitForEventConfig {
  event: string;
  /** ISO 8601 duration; without it the customer waits for the event indefinitely. */
  timeout?: string;
  /** A property name: the event's `properties[key]` must equal the instance's `context[key]`. */
  correlationKey?: string;
}

const hasTimeout = (config: Record<string, unknown>): boolean => config.timeout !== undefined;

/** Races the event against the timeout; the first to arrive wins and the other is ignored as late. */
export const waitForEventNode = defineNode({
  type: 'wait_for_event',
  category: 'logic',
  description:
    'Waits for the customer to send the named event (continues by `event`) or for the timeout to pass ' +
    '(continues by `timeout`), whichever comes first. With `correlationKey`, only an event whose property ' +
    'equals the same key of the entry context counts.',
  outputs: ['event', 'timeout'],
  fields: {
    event: { kind: 'text', required: true, description: 'the event name to wait for, e.g. "email_opened"' },
    timeout: {
      kind: 'duration',
      description: 'an ISO 8601 duration such as P3D; the `timeout` output is taken after it',
    },
    correlationKey: {
      kind: 'property',
      description: 'a property name such as orderId that must match between the event and the entry context',
    },
  },
  allowedOutputs: (config) => (hasTimeout(config) ? ['event', 'timeout'] : ['event']),
  requiredOutputs: (config) => (hasTimeout(config) ? ['event', 'timeout'] : []),
});
