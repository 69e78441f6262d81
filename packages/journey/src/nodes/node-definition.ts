/**
 * What every node kind declares: its category, outputs, config rules and a description.
 * Config rules are data (FieldRule), so the same declaration yields both the validator and the
 * JSON Schema that editors and the OpenAPI spec use — they cannot drift apart.
 */
import type { NodeType } from '../model/graph';
import { checkField, fieldSchema, type ConfigProblem, type FieldRule } from './field-rules';

export {
  PROPERTY_NAME,
  isPlainRecord,
  type ConfigProblem,
  type FieldKind,
  type FieldRule,
} from './field-rules';

export type NodeCategory = 'entry' | 'channel' | 'logic' | 'data' | 'exit';

export interface NodeDefinition<T extends NodeType = NodeType> {
  readonly type: T;
  readonly category: NodeCategory;
  readonly description: string;
  /** Every output label this kind can leave by. */
  readonly outputs: readonly string[];
  readonly fields: Readonly<Record<string, FieldRule>>;
  /** Outputs valid for this config (wait_for_event has `timeout` only when a timeout is set). */
  allowedOutputs(config: Record<string, unknown>): readonly string[];
  /** Outputs that must have an edge; a missing one would leave a customer nowhere to go. */
  requiredOutputs(config: Record<string, unknown>): readonly string[];
  /** Problems with `config`; empty when valid. */
  validateConfig(config: unknown): ConfigProblem[];
  /** JSON Schema (draft 2020-12) of the config object. */
  readonly configSchema: Record<string, unknown>;
}

interface NodeSpec<T extends NodeType> {
  type: T;
  category: NodeCategory;
  description: string;
  outputs: readonly string[];
  fields: Record<string, FieldRule>;
  allowedOutputs?: (config: Record<string, unknown>) => readonly string[];
  requiredOutputs?: (config: Record<string, unknown>) => readonly string[];
  /** Rules across fields (e.g. "template or subject"), after each field passed on its own. */
  crossCheck?: (config: Record<string, unknown>) => ConfigProblem[];
  /** Extra JSON Schema keywords for cross-field rules. */
  schemaExtra?: Record<string, unknown>;
}

export function defineNode<T extends NodeType>(spec: NodeSpec<T>): NodeDefinition<T> {
  const fieldNames = Object.keys(spec.fields);
  return {
    type: spec.type,
    category: spec.category,
    description: spec.description,
    outputs: spec.outputs,
    fields: spec.fields,
    allowedOutputs: spec.allowedOutputs ?? (() => spec.outputs),
    requiredOutputs: spec.requiredOutputs ?? (() => []),
    validateConfig(config: unknown): ConfigProblem[] {
      if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        return [{ field: '', message: 'config must be an object (use {} when the node needs no settings)' }];
      }
      const record = config as Record<string, unknown>;
      const problems: ConfigProblem[] = [];
      for (const key of Object.keys(record)) {
        // Unknown fields are usually typos ("subjet"); silently ignoring them would hide the mistake.
        if (!fieldNames.includes(key)) {
          const known =
            fieldNames.length > 0 ? `known fields: ${fieldNames.join(', ')}` : 'this node has no settings';
          problems.push({ field: key, message: `unknown field "${key}"; ${known}` });
        }
      }
      for (const [name, rule] of Object.entries(spec.fields)) {
        const problem = checkField(name, rule, record[name]);
        if (problem !== undefined) problems.push(problem);
      }
      if (problems.length === 0 && spec.crossCheck) problems.push(...spec.crossCheck(record));
      return problems;
    },
    configSchema: configSchema(spec),
  };
}

function configSchema(spec: NodeSpec<NodeType>): Record<string, unknown> {
  const properties = Object.fromEntries(
    Object.entries(spec.fields).map(([name, rule]) => [name, fieldSchema(rule)]),
  );
  const required = Object.entries(spec.fields)
    .filter(([, rule]) => rule.required)
    .map(([name]) => name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    ...spec.schemaExtra,
  };
}
