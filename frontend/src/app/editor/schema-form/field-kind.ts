import type { JsonSchema } from '../../catalogue/json-schema';

/** How a config field is edited, chosen from its JSON Schema. */
export type FieldKind = 'select' | 'text' | 'textarea' | 'number' | 'checkbox' | 'list' | 'choices' | 'json';

export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.type === 'string') {
    if (schema.enum) return 'select';
    return (schema.maxLength ?? 0) > 200 ? 'textarea' : 'text';
  }
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'checkbox';
  if (schema.type === 'array') {
    if (schema.items?.enum) return 'choices';
    if (schema.items?.type === 'string') return 'list';
  }
  // Objects and arrays of objects (A/B variants, profile updates) are edited as JSON.
  return 'json';
}

/** The value to store for what was typed; `undefined` removes the field from the config. */
export function parseInput(kind: FieldKind, text: string): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (kind === 'number') {
    const n = Number(trimmed);
    return Number.isFinite(n) ? { value: n } : { error: 'a number' };
  }
  if (kind === 'list') {
    return {
      value: trimmed
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }
  if (kind === 'json') {
    try {
      return { value: JSON.parse(trimmed) as unknown };
    } catch {
      return { error: 'not valid JSON' };
    }
  }
  return { value: text };
}

export function formatValue(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'list' && Array.isArray(value)) return value.join(', ');
  if (kind !== 'json' && ['string', 'number', 'boolean'].includes(typeof value)) return `${value as string}`;
  return JSON.stringify(value, null, 2);
}
