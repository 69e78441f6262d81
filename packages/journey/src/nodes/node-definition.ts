/**
 * What every node kind declares: its category, outputs, config rules and a description.
 * Config rules are data (FieldRule), so the same declaration yields both the validator and the
 * JSON Schema that editors and the OpenAPI spec use — they cannot drift apart.
 */
import type { NodeType } from '../model/graph';
import { parseDateTime } from '../datetime';
import { parseDuration } from '../duration';
import { parseExpression } from '../expression';

export type NodeCategory = 'entry' | 'channel' | 'logic' | 'exit';

/** One problem with a node's config: the field and what to fix. */
export interface ConfigProblem {
  field: string;
  message: string;
}

export type FieldKind = 'text' | 'duration' | 'datetime' | 'expression' | 'boolean' | 'property';

export interface FieldRule {
  kind: FieldKind;
  required?: boolean;
  /** One line for docs, the schema and error messages. */
  description: string;
}

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

function checkField(name: string, rule: FieldRule, value: unknown): ConfigProblem | undefined {
  if (value === undefined) {
    return rule.required ? { field: name, message: `"${name}" is required: ${rule.description}` } : undefined;
  }
  if (rule.kind === 'boolean') {
    return typeof value === 'boolean'
      ? undefined
      : { field: name, message: `"${name}" must be true or false` };
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return { field: name, message: `"${name}" must be a non-empty string: ${rule.description}` };
  }
  try {
    switch (rule.kind) {
      case 'duration':
        parseDuration(value);
        break;
      case 'datetime':
        parseDateTime(value);
        break;
      case 'expression':
        parseExpression(value);
        break;
      case 'property':
        if (!PROPERTY_NAME.test(value)) {
          return {
            field: name,
            message: `"${name}" must be a property name such as orderId (letters, digits, _)`,
          };
        }
        break;
      case 'text':
        break;
    }
  } catch (error) {
    return { field: name, message: `"${name}": ${(error as Error).message}` };
  }
  return undefined;
}

const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// The loose ISO duration shape; the precise rules (no months/years) are in parseDuration.
const DURATION_PATTERN =
  '^P(?!$)(\\d+(\\.\\d+)?W)?(\\d+(\\.\\d+)?D)?(T(?=\\d)(\\d+(\\.\\d+)?H)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?S)?)?$';

function fieldSchema(rule: FieldRule): Record<string, unknown> {
  const description = rule.description;
  switch (rule.kind) {
    case 'boolean':
      return { type: 'boolean', description };
    case 'duration':
      return { type: 'string', pattern: DURATION_PATTERN, description };
    case 'datetime':
      return { type: 'string', format: 'date-time', description };
    case 'expression':
      return { type: 'string', minLength: 1, maxLength: 2000, description };
    case 'property':
      return { type: 'string', pattern: PROPERTY_NAME.source, description };
    case 'text':
      return { type: 'string', minLength: 1, description };
  }
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
