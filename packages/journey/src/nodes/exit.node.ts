import { defineNode } from './node-definition';

export interface ExitConfig {
  /** Shown as the instance's status reason; default "exit node <id>". */
  reason?: string;
}

export const exitNode = defineNode({
  type: 'exit',
  category: 'exit',
  description: 'Ends the journey for the customer at once (every branch), cancelling pending timers.',
  outputs: [],
  fields: {
    reason: { kind: 'text', description: 'why the customer leaves here, e.g. "unsubscribed"' },
  },
});
