import { defineNode } from './node-definition';

export interface WaitConfig {
  /** ISO 8601 duration, e.g. PT30M, P3D. */
  duration: string;
}

export const waitNode = defineNode({
  type: 'wait',
  category: 'logic',
  description:
    'Holds the customer for a fixed time. The deadline (arrival + duration) is stored when the customer ' +
    'arrives; the node continues by `next` at or after it.',
  outputs: ['next'],
  fields: {
    duration: {
      kind: 'duration',
      required: true,
      description: 'an ISO 8601 duration such as PT30M, P3D or P1DT2H (days, not months)',
    },
  },
});
