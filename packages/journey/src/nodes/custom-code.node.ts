import { defineNode } from './node-definition';
import { labelNameProblem } from './shared-fields';

export interface CustomCodeConfig {
  /** The body of a JavaScript function; `customer`, `context` and `event` are in scope. */
  code: string;
  /** Default 100, at most 1000. */
  timeoutMs?: number;
  /** Default 16, at most 64. */
  memoryMb?: number;
  /** Extra output labels the code may choose by returning `{ output: "<label>" }`. */
  outputs?: string[];
}

export const CUSTOM_CODE_DEFAULTS = { timeoutMs: 100, memoryMb: 16 } as const;
const RESERVED_OUTPUTS = ['next', 'error'];

function declaredOutputs(config: Record<string, unknown>): string[] {
  return Array.isArray(config.outputs) ? (config.outputs as unknown[]).map(String) : [];
}

/**
 * Runs a short user function in the orchestrator's sandbox (`facts.runCode`). It may pick the
 * output, merge data into the context and update the profile. A failure takes `error` when the
 * graph has that edge, else fails the instance.
 */
export const customCodeNode = defineNode({
  type: 'custom_code',
  category: 'data',
  description:
    'Runs a JavaScript function body in a sandbox with `customer`, `context` and `event`; it returns ' +
    '{ output?, context?, profile? } and continues by `next`, a declared output, or `error` when it fails.',
  outputs: ['next', 'error', '<output>'],
  fields: {
    code: {
      kind: 'text',
      required: true,
      description: "a function body, e.g. \"return { output: customer.score > 5 ? 'hot' : 'next' }\"",
    },
    timeoutMs: {
      kind: 'integer',
      min: 1,
      max: 1000,
      default: CUSTOM_CODE_DEFAULTS.timeoutMs,
      description: 'milliseconds the code may run',
    },
    memoryMb: {
      kind: 'integer',
      min: 1,
      max: 64,
      default: CUSTOM_CODE_DEFAULTS.memoryMb,
      description: 'megabytes of memory the code may use',
    },
    outputs: {
      kind: 'string_list',
      min: 1,
      max: 10,
      description: 'extra outputs the code may choose, e.g. ["hot", "cold"]',
      check: (value) => {
        for (const name of value as string[]) {
          if (RESERVED_OUTPUTS.includes(name)) {
            return `"outputs" must not list "${name}": next and error always exist`;
          }
          const problem = labelNameProblem('outputs', name);
          if (problem !== undefined) return problem;
        }
        return undefined;
      },
    },
  },
  allowedOutputs: (config) => [...RESERVED_OUTPUTS, ...declaredOutputs(config)],
});
