import { defineNode } from './node-definition';

/**
 * Ends one path: the token that reaches it is done, the customer's other parallel branches go
 * on, and the journey completes when the last one ends. `exit` ends every branch at once.
 */
export const endNode = defineNode({
  type: 'end',
  category: 'exit',
  description:
    "Ends this path only: the customer's other parallel branches go on, and the journey completes when the " +
    'last one ends (use exit to end every branch at once).',
  outputs: [],
  fields: {},
});
