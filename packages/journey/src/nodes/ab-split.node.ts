import { defineNode } from './node-definition';
import { labelNameProblem } from './shared-fields';

export interface AbSplitVariant {
  name: string;
  /** Whole percent; the variants' percents sum to 100. */
  percent: number;
}

export interface AbSplitConfig {
  variants: AbSplitVariant[];
}

export const variantOutput = (name: string): string => `variant:${name}`;

function variantNames(config: Record<string, unknown>): string[] {
  return Array.isArray(config.variants)
    ? (config.variants as unknown[]).map((variant) => String((variant as { name?: unknown })?.name))
    : [];
}

function variantsProblem(value: unknown): string | undefined {
  const variants = value as unknown[];
  const example = '[{"name": "a", "percent": 50}, {"name": "b", "percent": 50}]';
  if (variants.length < 2 || variants.length > 5) {
    return `"variants" needs 2 to 5 variants (found ${variants.length}), e.g. ${example}`;
  }
  const names = new Set<string>();
  let total = 0;
  for (const [i, variant] of variants.entries()) {
    if (typeof variant !== 'object' || variant === null || Array.isArray(variant)) {
      return `"variants[${i}]" must be {"name": ..., "percent": ...}`;
    }
    const { name, percent, ...rest } = variant as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined)
      return `"variants[${i}]" has unknown field "${extra}"; known fields: name, percent`;
    const nameProblem = labelNameProblem(`variants[${i}].name`, name);
    if (nameProblem !== undefined) return nameProblem;
    if (names.has(name as string))
      return `"variants" has two variants named "${name as string}"; names must differ`;
    names.add(name as string);
    if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      return `"variants[${i}].percent" must be a whole number from 0 to 100`;
    }
    total += percent;
  }
  return total === 100 ? undefined : `the variants' percents add up to ${total}; they must add up to 100`;
}

/**
 * Sends each customer down one variant, chosen by a stable hash of customer, journey and node:
 * the same customer always gets the same variant, also after a replay or a migration.
 */
export const abSplitNode = defineNode({
  type: 'ab_split',
  category: 'logic',
  description:
    'Splits customers between 2-5 variants by percent (stable per customer) and continues by `variant:<name>`.',
  outputs: ['variant:<name>'],
  fields: {
    variants: {
      kind: 'list',
      required: true,
      description:
        'the variants and their whole percents, summing to 100, e.g. [{"name": "a", "percent": 50}, ...]',
      check: variantsProblem,
      schema: {
        minItems: 2,
        maxItems: 5,
        items: {
          type: 'object',
          required: ['name', 'percent'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,50}$' },
            percent: { type: 'integer', minimum: 0, maximum: 100 },
          },
          additionalProperties: false,
        },
      },
    },
  },
  allowedOutputs: (config) => variantNames(config).map(variantOutput),
  // Every variant needs an edge: a customer must never be stranded by a forgotten branch.
  requiredOutputs: (config) => variantNames(config).map(variantOutput),
});
