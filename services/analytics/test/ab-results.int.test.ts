/**
 * A/B results against the MongoDB-wire server: customers per variant of each split node, the
 * ones that converted after passing their variant, and the comparison of the variants.
 */
import type { Connection } from 'mongoose';
import { connectMongo } from '@kalcifer/platform';
import { GetAbResults } from '../src/application/get-ab-results';
import { journeyEventRecords, type JourneyEventRecord } from '../src/domain/journey-event-record';
import { MongoJourneyEventStore } from '../src/infrastructure/mongo-journey-event-store';
import { dropDatabase, infra } from '../../../test/support/infra';

const DB = 'kalcifer_analytics_ab_int_test';
const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

let conn: Connection;
let results: GetAbResults;

/** Customer k: passes `split` at T0 + k min by `variant`; `goalAt` minutes after, a goal (or none). */
function customer(k: number, variant: string, goalAfterMin?: number, journeyId = 'j'): JourneyEventRecord[] {
  const at = T0 + k * MIN;
  const base = {
    workspaceId: 'ws',
    journeyId,
    version: 1,
    instanceId: `${journeyId}-i${k}`,
    customerId: `c${k}`,
  };
  return journeyEventRecords(
    {
      ...base,
      events: [
        { type: 'node.entered', at, nodeId: 'split', tokenId: 't' },
        { type: 'node.exited', at, nodeId: 'split', tokenId: 't', data: { output: `variant:${variant}` } },
        ...(goalAfterMin === undefined
          ? []
          : [{ type: 'goal.reached' as const, at: at + goalAfterMin * MIN, nodeId: 'goal', tokenId: 't' }]),
      ],
    },
    `journal:${journeyId}-i${k}:1`,
  );
}

beforeAll(async () => {
  await dropDatabase(DB);
  conn = await connectMongo(infra.mongoUrl, DB);
  const store = new MongoJourneyEventStore(conn);
  await store.init();
  results = new GetAbResults(store);
  const records: JourneyEventRecord[] = [];
  // 200 in variant a, 40 of them convert; 200 in variant b, 60 convert (the unit test's numbers).
  for (let k = 0; k < 400; k++) {
    const a = k % 2 === 0;
    const i = Math.floor(k / 2);
    records.push(...customer(k, a ? 'a' : 'b', (a ? i < 40 : i < 60) ? 5 : undefined));
  }
  // Another journey: a goal reached before the split says nothing about the variant.
  records.push(
    ...journeyEventRecords(
      {
        workspaceId: 'ws',
        journeyId: 'early',
        version: 1,
        instanceId: 'early-i0',
        customerId: 'c0',
        events: [{ type: 'goal.reached', at: T0 - MIN, nodeId: 'goal' }],
      },
      'journal:early-i0:0',
    ),
    ...customer(0, 'a', undefined, 'early'),
  );
  await store.insert(records);
});

afterAll(async () => {
  await conn.close();
});

it('counts each variant and its conversions and compares them (p = 0.0209, CI [0.0157, 0.1843])', async () => {
  const view = await results.execute({ workspaceId: 'ws', journeyId: 'j' });
  expect(view.minSamplePerVariant).toBe(30);
  expect(view.splits).toHaveLength(1);
  const [split] = view.splits;
  expect(split.nodeId).toBe('split');
  expect(split.variants).toEqual([
    { variant: 'a', entered: 200, converted: 40, conversionRate: 0.2 },
    { variant: 'b', entered: 200, converted: 60, conversionRate: 0.3 },
  ]);
  expect(split.comparisons).toHaveLength(1);
  const [c] = split.comparisons;
  if (!c.enoughData) throw new Error(c.verdict);
  expect(c.pValue).toBeCloseTo(0.0209213, 6);
  expect(c.ciLow).toBeCloseTo(0.0156988, 6);
  expect(c.ciHigh).toBeCloseTo(0.1843012, 6);
  expect(c.significant).toBe(true);
});

it('counts over a range: the split passed in it, a conversion up to its end', async () => {
  // Customers 0..99 passed the split in [T0, T0 + 100 min); their goals came 5 min after, so a
  // range ending at T0 + 100 min misses the goals of customers 95..99: b's 95, 97 and 99 (a
  // converts for k < 80, b for k < 120).
  const view = await results.execute({ workspaceId: 'ws', journeyId: 'j', fromMs: T0, toMs: T0 + 100 * MIN });
  expect(view.splits[0].variants.map((v) => [v.variant, v.entered, v.converted])).toEqual([
    ['a', 50, 40],
    ['b', 50, 47],
  ]);
  // A range without enough customers says so.
  const few = await results.execute({ workspaceId: 'ws', journeyId: 'j', fromMs: T0, toMs: T0 + 20 * MIN });
  expect(few.splits[0].comparisons[0]).toMatchObject({
    enoughData: false,
    verdict: 'not enough data: each variant needs at least 30 customers (a has 10, b has 10)',
  });
});

it('does not count a goal reached before the split as a conversion of the variant', async () => {
  const view = await results.execute({ workspaceId: 'ws', journeyId: 'early' });
  expect(view.splits[0].variants).toEqual([{ variant: 'a', entered: 1, converted: 0, conversionRate: 0 }]);
});
