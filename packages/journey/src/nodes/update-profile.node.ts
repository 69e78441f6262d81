import { defineNode, PROPERTY_NAME, type ConfigProblem } from './node-definition';

export interface UpdateProfileConfig {
  set?: Record<string, unknown>;
  unset?: string[];
  /** Added to the attribute (a missing or non-number attribute counts as 0). */
  increment?: Record<string, number>;
}

function attributeNamesProblem(field: string, names: string[]): string | undefined {
  const bad = names.find((name) => !PROPERTY_NAME.test(name));
  return bad === undefined
    ? undefined
    : `"${field}" has attribute name ${JSON.stringify(bad)}; use letters, digits and _ (e.g. lastPurchaseAt)`;
}

export const updateProfileNode = defineNode({
  type: 'update_profile',
  category: 'data',
  description:
    'Sets, removes or increments profile attributes, then continues by `next`; later nodes of the same ' +
    'step already see the new values.',
  outputs: ['next'],
  fields: {
    set: {
      kind: 'object',
      description: 'attributes to set, e.g. {"plan": "pro", "onboarded": true}',
      check: (value) => attributeNamesProblem('set', Object.keys(value as object)),
    },
    unset: {
      kind: 'string_list',
      min: 1,
      description: 'attributes to remove, e.g. ["trialEndsAt"]',
      check: (value) => attributeNamesProblem('unset', value as string[]),
    },
    increment: {
      kind: 'object',
      description: 'numbers to add to attributes, e.g. {"visits": 1, "credit": -5}',
      check: (value) => {
        const entries = Object.entries(value as Record<string, unknown>);
        const bad = entries.find(([, amount]) => typeof amount !== 'number' || !Number.isFinite(amount));
        if (bad !== undefined) return `"increment.${bad[0]}" must be a number, e.g. 1 or -5`;
        return attributeNamesProblem('increment', Object.keys(value as object));
      },
      schema: { additionalProperties: { type: 'number' } },
    },
  },
  crossCheck: (config) => {
    const set = Object.keys((config.set as object | undefined) ?? {});
    const unset = (config.unset as string[] | undefined) ?? [];
    const increment = Object.keys((config.increment as object | undefined) ?? {});
    const problems: ConfigProblem[] = [];
    if (set.length + unset.length + increment.length === 0) {
      problems.push({ field: 'set', message: 'set at least one attribute in "set", "unset" or "increment"' });
    }
    const seen = new Map<string, string>();
    for (const [field, names] of [
      ['set', set],
      ['unset', unset],
      ['increment', increment],
    ] as const) {
      for (const name of names) {
        const earlier = seen.get(name);
        if (earlier !== undefined) {
          problems.push({
            field,
            message: `attribute "${name}" is in both "${earlier}" and "${field}"; keep it in one`,
          });
        }
        seen.set(name, field);
      }
    }
    return problems;
  },
});
