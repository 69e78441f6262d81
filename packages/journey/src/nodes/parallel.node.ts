import { defineNode } from './node-definition';
import { labelNameProblem } from './shared-fields';

export interface ParallelConfig {
  /** Branch names; the node leaves by `branch:<name>` for each, all at once. */
  branches: string[];
}

export const branchOutput = (name: string): string => `branch:${name}`;

function branchNames(config: Record<string, unknown>): string[] {
  return Array.isArray(config.branches) ? (config.branches as unknown[]).map(String) : [];
}

/**
 * Forks one token per branch. There is no join: each branch runs to its own end, the instance
 * completes when the last token ends, and an exit on any branch exits the whole instance.
 */
export const parallelNode = defineNode({
  type: 'parallel',
  category: 'logic',
  description:
    'Runs every branch at once (one token per `branch:<name>` output, no join); the journey completes when ' +
    'the last branch ends, and an exit on any branch ends them all.',
  outputs: ['branch:<name>'],
  fields: {
    branches: {
      kind: 'string_list',
      required: true,
      min: 2,
      max: 10,
      description: 'the branch names, e.g. ["email", "sms"]; each needs an edge leaving by "branch:<name>"',
      check: (value) => {
        for (const name of value as string[]) {
          const problem = labelNameProblem('branches', name);
          if (problem !== undefined) return problem;
        }
        return undefined;
      },
    },
  },
  allowedOutputs: (config) => branchNames(config).map(branchOutput),
  requiredOutputs: (config) => branchNames(config).map(branchOutput),
});
