import { defineNode } from './node-definition';

export interface ConditionConfig {
  /** Expression (docs/expressions.md); truthy => `true`, otherwise `false`. */
  expression: string;
}

export const conditionNode = defineNode({
  type: 'condition',
  category: 'logic',
  description:
    'Evaluates an expression over `customer`, `context` and the current `event`, and continues by `true` or `false`.',
  outputs: ['true', 'false'],
  fields: {
    expression: {
      kind: 'expression',
      required: true,
      description: "an expression such as customer.plan == 'pro' && len(customer.tags) > 0",
    },
  },
  // Both branches are required: a customer must never be stranded because the author forgot one.
  requiredOutputs: () => ['true', 'false'],
});
