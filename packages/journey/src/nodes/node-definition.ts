/**
 * What every node kind declares: its category, outputs, config rules and a description.
 * Config rules are data (FieldRule), so the same declaration yields both the validator and the
 * JSON Schema that editors and the OpenAPI spec use — they cannot drift apart.
 */
import { parseCron } from '../calendar/cron';
import { parseTimeOfDay } from '../calendar/time-of-day';
import { isTimeZone } from '../calendar/time-zone';
import { isLocalDateTimeText, parseDateTime, parseLocalDateTime } from '../datetime';
import { parseDuration } from '../duration';
import { parseExpression } from '../expression';
import type { NodeType } from '../model/graph';

export type NodeCategory = 'entry' | 'channel' | 'logic' | 'data' | 'exit';

/** One problem with a node's config: the field and what to fix. */
export interface ConfigProblem {
  field: string;
  message: string;
}

export type FieldKind =
  | 'text'
  | 'duration'
  /** ISO 8601 with an offset, or without one when the node also has a `timezone` (cross-checked). */
  | 'datetime'
  | 'expression'
  | 'boolean'
  | 'property'
  | 'number'
  | 'integer'
  | 'enum'
  | 'url'
  /** A plain JSON object; `check` validates its inside, `schema` describes it. */
  | 'object'
  /** A JSON array; `check` validates its items, `schema` describes it. */
  | 'list'
  | 'string_list'
  | 'cron'
  | 'timezone'
  | 'time_of_day';

export interface FieldRule {
  kind: FieldKind;
  required?: boolean;
  /** One line for docs, the schema and error messages. */
  description: string;
  /** Bounds of a number/integer; item counts of a string_list. */
  min?: number;
  max?: number;
  /** The allowed values of an enum. */
  values?: readonly string[];
  /** The value used when the field is absent (documentation and schema only). */
  default?: unknown;
  /** Further rules once the kind matched; returns what to fix, or undefined. */
  check?: (value: unknown) => string | undefined;
  /** JSON Schema of an object/list field (the generic one says only "object"/"array"). */
  schema?: Record<string, unknown>;
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
  const problem = checkKind(name, rule, value) ?? rule.check?.(value);
  return problem === undefined ? undefined : { field: name, message: problem };
}

/** What is wrong with `value` for the field's kind, or undefined. */
function checkKind(name: string, rule: FieldRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `"${name}" must be true or false`;
    case 'number':
    case 'integer':
      return checkNumber(name, rule, value);
    case 'enum':
      return typeof value === 'string' && (rule.values ?? []).includes(value)
        ? undefined
        : `"${name}" must be one of ${(rule.values ?? []).map((v) => `"${v}"`).join(', ')}`;
    case 'object':
      return isPlainRecord(value) ? undefined : `"${name}" must be an object: ${rule.description}`;
    case 'list':
      return Array.isArray(value) ? undefined : `"${name}" must be an array: ${rule.description}`;
    case 'string_list':
      return checkStringList(name, rule, value);
    case 'text':
    case 'duration':
    case 'datetime':
    case 'expression':
    case 'property':
    case 'url':
    case 'cron':
    case 'timezone':
    case 'time_of_day':
      break;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return `"${name}" must be a non-empty string: ${rule.description}`;
  }
  try {
    switch (rule.kind) {
      case 'duration':
        parseDuration(value);
        break;
      case 'datetime':
        // A local date-time is accepted here; the node's cross-check asks for a `timezone`.
        if (isLocalDateTimeText(value)) parseLocalDateTime(value);
        else parseDateTime(value);
        break;
      case 'expression':
        parseExpression(value);
        break;
      case 'property':
        if (!PROPERTY_NAME.test(value)) {
          return `"${name}" must be a property name such as orderId (letters, digits, _)`;
        }
        break;
      case 'url':
        if (!/^https?:\/\/[^\s/]+/i.test(value)) {
          return `"${name}" must be an http(s) URL such as https://example.com/hook`;
        }
        break;
      case 'cron':
        parseCron(value);
        break;
      case 'timezone':
        if (!isTimeZone(value)) {
          return `"${name}": unknown time zone ${JSON.stringify(value)}; use an IANA name such as Europe/Paris or UTC`;
        }
        break;
      case 'time_of_day':
        parseTimeOfDay(value);
        break;
      case 'text':
        break;
    }
  } catch (error) {
    return `"${name}": ${(error as Error).message}`;
  }
  return undefined;
}

function checkNumber(name: string, rule: FieldRule, value: unknown): string | undefined {
  const integer = rule.kind === 'integer';
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? ` from ${rule.min} to ${rule.max}`
      : rule.min !== undefined
        ? ` of at least ${rule.min}`
        : '';
  const wanted = `"${name}" must be ${integer ? 'a whole number' : 'a number'}${range}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return wanted;
  if (integer && !Number.isInteger(value)) return wanted;
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    return `${wanted}; got ${value}`;
  }
  return undefined;
}

function checkStringList(name: string, rule: FieldRule, value: unknown): string | undefined {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
    return `"${name}" must be an array of non-empty strings: ${rule.description}`;
  }
  if (rule.min !== undefined && value.length < rule.min) {
    return `"${name}" needs at least ${rule.min} item${rule.min === 1 ? '' : 's'}`;
  }
  if (rule.max !== undefined && value.length > rule.max) return `"${name}" takes at most ${rule.max} items`;
  if (rule.values !== undefined) {
    const bad = (value as string[]).find((item) => !rule.values!.includes(item));
    if (bad !== undefined) {
      return `"${name}" has "${bad}"; use ${rule.values.map((v) => `"${v}"`).join(', ')}`;
    }
  }
  if (new Set(value).size !== value.length) return `"${name}" lists the same value twice`;
  return undefined;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// The loose ISO duration shape; the precise rules (no months/years) are in parseDuration.
const DURATION_PATTERN =
  '^P(?!$)(\\d+(\\.\\d+)?W)?(\\d+(\\.\\d+)?D)?(T(?=\\d)(\\d+(\\.\\d+)?H)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?S)?)?$';

function fieldSchema(rule: FieldRule): Record<string, unknown> {
  const description = rule.description;
  const extra = rule.default === undefined ? {} : { default: rule.default };
  switch (rule.kind) {
    case 'boolean':
      return { type: 'boolean', description, ...extra };
    case 'number':
    case 'integer':
      return {
        type: rule.kind,
        ...(rule.min === undefined ? {} : { minimum: rule.min }),
        ...(rule.max === undefined ? {} : { maximum: rule.max }),
        description,
        ...extra,
      };
    case 'enum':
      return { type: 'string', enum: [...(rule.values ?? [])], description, ...extra };
    case 'object':
      return { type: 'object', ...rule.schema, description };
    case 'list':
      return { type: 'array', ...rule.schema, description };
    case 'string_list':
      return {
        type: 'array',
        items: rule.values ? { type: 'string', enum: [...rule.values] } : { type: 'string', minLength: 1 },
        ...(rule.min === undefined ? {} : { minItems: rule.min }),
        ...(rule.max === undefined ? {} : { maxItems: rule.max }),
        description,
      };
    case 'duration':
      return { type: 'string', pattern: DURATION_PATTERN, description };
    case 'datetime':
      return { type: 'string', pattern: DATE_TIME_PATTERN, description };
    case 'expression':
      return { type: 'string', minLength: 1, maxLength: 2000, description };
    case 'property':
      return { type: 'string', pattern: PROPERTY_NAME.source, description };
    case 'url':
      return { type: 'string', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description };
    case 'cron':
      return { type: 'string', pattern: CRON_PATTERN, description };
    case 'timezone':
      return { type: 'string', minLength: 1, description };
    case 'time_of_day':
      return { type: 'string', pattern: TIME_OF_DAY_PATTERN, description };
    case 'text':
      return { type: 'string', minLength: 1, description };
  }
}

// Loose shapes for editors; the exact rules live in the parsers.
const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}';
const CRON_PATTERN = '^\\S+(\\s+\\S+){4}$';
export const TIME_OF_DAY_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';

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
