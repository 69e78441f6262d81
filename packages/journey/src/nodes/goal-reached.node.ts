import { defineNode } from './node-definition';

export interface GoalReachedConfig {
  /** Exit the instance after counting the conversion. Default false. */
  exit?: boolean;
}

export const goalReachedNode = defineNode({
  type: 'goal_reached',
  category: 'exit',
  description:
    'Counts a conversion for the instance; exits it when `exit` is true, else continues by `next`.',
  outputs: ['next'],
  fields: {
    exit: { kind: 'boolean', description: 'true to end the journey for the customer here' },
  },
});
