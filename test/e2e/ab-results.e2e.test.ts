/**
 * Issue 14, A/B results on the whole stack: 120 customers through a journey with an A/B split,
 * entered through the public API; whether a customer converts is chosen per variant (the test
 * knows each customer's variant from the split's stable hash). GET .../analytics/ab-results
 * gives each variant's customers and conversions as run, and the comparison the two-proportion
 * z-test gives for those counts; a range with too few customers says "not enough data".
 */
import { abSplitVariant } from '@kalcifer/journey';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_ab_results';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

const CUSTOMERS = 120;
const VARIANTS = [
  { name: 'a', percent: 50 },
  { name: 'b', percent: 50 },
];
/** entry -> split: a -> tag_a, b -> tag_b -> buys? (customer.buys) true -> goal, false -> bye (exit) */
const graph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'split', type: 'ab_split', config: { variants: VARIANTS } },
    { id: 'tag_a', type: 'add_tag', config: { tag: 'variant-a' } },
    { id: 'tag_b', type: 'add_tag', config: { tag: 'variant-b' } },
    { id: 'buys', type: 'condition', config: { expression: 'customer.buys == true' } },
    { id: 'goal', type: 'goal_reached', config: {} },
    { id: 'bye', type: 'exit', config: { reason: 'did not buy' } },
  ],
  edges: [
    { from: 'entry', to: 'split', output: 'next' },
    { from: 'split', to: 'tag_a', output: 'variant:a' },
    { from: 'split', to: 'tag_b', output: 'variant:b' },
    { from: 'tag_a', to: 'buys', output: 'next' },
    { from: 'tag_b', to: 'buys', output: 'next' },
    { from: 'buys', to: 'goal', output: 'true' },
    { from: 'buys', to: 'bye', output: 'false' },
  ],
};

interface Comparison {
  baseline: string;
  variant: string;
  enoughData: boolean;
  difference: number;
  z: number | null;
  pValue: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  significant: boolean | null;
  verdict: string;
}
interface AbResults {
  minSamplePerVariant: number;
  splits: Array<{
    nodeId: string;
    variants: Array<{ variant: string; entered: number; converted: number; conversionRate: number }>;
    comparisons: Comparison[];
  }>;
}

/** Two-proportion z-test by the textbook formulas, written out again here to check the service. */
function expectedComparison(n1: number, c1: number, n2: number, c2: number) {
  const p1 = c1 / n1;
  const p2 = c2 / n2;
  const pooled = (c1 + c2) / (n1 + n2);
  const z = (p2 - p1) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const half = 1.959963984540054 * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { difference: p2 - p1, z, ciLow: p2 - p1 - half, ciHigh: p2 - p1 + half };
}

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eAbResultsKey000000000000001');
}, 180_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it('gives each variant its customers and conversions as run, and the z-test of the two', async () => {
  const journeyId = await api.launchJourney('A/B results', graph);
  const from = new Date().toISOString();
  // One customer in four of variant a buys, three in four of variant b.
  const variantOf = (i: number) => abSplitVariant(VARIANTS, `ab-c${i}`, journeyId, 'split');
  const seen = { a: 0, b: 0 };
  const buys = Array.from({ length: CUSTOMERS }, (_, i) => {
    const v = variantOf(i) as 'a' | 'b';
    seen[v] += 1;
    return v === 'a' ? seen[v] % 4 === 0 : seen[v] % 4 !== 0;
  });
  const res = await api.callRetrying('POST', `/v1/journeys/${journeyId}/enrollments`, {
    enrollments: buys.map((b, i) => ({ customerId: `ab-c${i}`, attributes: { buys: b } })),
  });
  expect(res.status).toBe(202);

  const truth = (['a', 'b'] as const).map((v) => {
    const ids = buys.map((_, i) => i).filter((i) => variantOf(i) === v);
    return { variant: v, entered: ids.length, converted: ids.filter((i) => buys[i]).length };
  });
  // Both variants have enough customers for a comparison (a stable hash, so always the same split).
  expect(truth.every((t) => t.entered >= 30)).toBe(true);

  const view = await eventually(
    async () => {
      const r = await api.ok<AbResults>('GET', `/v1/journeys/${journeyId}/analytics/ab-results?from=${from}`);
      const total = r.splits[0]?.variants.reduce((n, v) => n + v.entered, 0) ?? 0;
      const converted = r.splits[0]?.variants.reduce((n, v) => n + v.converted, 0) ?? 0;
      return total === CUSTOMERS && converted === truth[0].converted + truth[1].converted ? r : undefined;
    },
    60_000,
    500,
  );
  expect(view.minSamplePerVariant).toBe(30);
  expect(view.splits.map((s) => s.nodeId)).toEqual(['split']);
  expect(view.splits[0].variants).toEqual(
    truth.map((t) => ({ ...t, conversionRate: t.converted / t.entered })),
  );
  const [comparison] = view.splits[0].comparisons;
  const expected = expectedComparison(
    truth[0].entered,
    truth[0].converted,
    truth[1].entered,
    truth[1].converted,
  );
  expect(comparison).toMatchObject({ baseline: 'a', variant: 'b', enoughData: true, significant: true });
  expect(comparison.difference).toBeCloseTo(expected.difference, 9);
  expect(comparison.z).toBeCloseTo(expected.z, 9);
  expect(comparison.ciLow).toBeCloseTo(expected.ciLow, 9);
  expect(comparison.ciHigh).toBeCloseTo(expected.ciHigh, 9);
  // 25% against 75% on ~60 customers each: far below 0.05.
  expect(comparison.pValue).toBeLessThan(1e-6);
  expect(comparison.verdict).toMatch(/^b converts better than a \(p = /);

  // A range before anyone entered has no split; a bad range is refused, saying what to fix.
  const empty = await api.ok<AbResults>('GET', `/v1/journeys/${journeyId}/analytics/ab-results?to=${from}`);
  expect(empty.splits).toEqual([]);
  const bad = await api.call<{ error: { code: string; message: string } }>(
    'GET',
    `/v1/journeys/${journeyId}/analytics/ab-results?from=yesterday`,
  );
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toContain('ISO 8601');
});
