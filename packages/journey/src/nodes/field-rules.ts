/**
 * Config fields as data: each FieldRule says what a field holds, and the same rule yields its
 * validation (checkField) and its JSON Schema (fieldSchema).
 */
import { parseCron } from '../calendar/cron';
import { parseTimeOfDay } from '../calendar/time-of-day';
import { isTimeZone } from '../calendar/time-zone';
import { isLocalDateTimeText, parseDateTime, parseLocalDateTime } from '../datetime';
import { parseDuration } from '../duration';
import { parseExpression } from '../expression';

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

export function checkField(name: string, rule: FieldRule, value: unknown): ConfigProblem | undefined {
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

export function fieldSchema(rule: FieldRule): Record<string, unknown> {
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
