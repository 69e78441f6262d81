/**
 * A deliberately small JSON Schema checker for tests: the keywords JOURNEY_GRAPH_JSON_SCHEMA uses
 * (no dependency on a validator library in this pure package). Unknown keywords fail loudly so
 * the schema cannot silently use something this checker ignores.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'title',
  'description',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'const',
  'oneOf',
  'anyOf',
  'items',
  'pattern',
  'minLength',
  'maxLength',
  'format',
  'enum',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'default',
]);

export function conforms(root: Schema, value: unknown, schema: Schema = root): boolean {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported keyword ${key}`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    return conforms(root, value, (root.$defs as Record<string, Schema>)[name]);
  }
  if ('const' in schema && value !== schema.const) return false;
  if (schema.type !== undefined && !hasType(value, schema.type as string)) return false;
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) return false;
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return false;
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return false;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    if (!value.every((item) => conforms(root, item, schema.items as Schema))) return false;
  }
  if (isObject(value)) {
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in value)) return false;
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(value)) {
      if (key in properties) {
        if (!conforms(root, child, properties[key])) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (
        isObject(schema.additionalProperties) &&
        !conforms(root, child, schema.additionalProperties)
      ) {
        return false;
      }
    }
  }
  if (
    Array.isArray(schema.oneOf) &&
    (schema.oneOf as Schema[]).filter((s) => conforms(root, value, s)).length !== 1
  ) {
    return false;
  }
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => conforms(root, value, s)))
    return false;
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      throw new Error(`unsupported type ${type}`);
  }
}
