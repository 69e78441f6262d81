/**
 * The per-node counters against the MongoDB-wire server: figures read from the counters (and the
 * events of a range's ragged ends) equal the figures counted from every event, over ranges that
 * cut hours and days anywhere; each event is counted once, also when a write was cut short
 * between the counters and the events' "counted" mark, and when it is stored again.
 */
import type { Connection } from 'mongoose';
import { connectMongo } from '@kalcifer/platform';
import { GetNodeAnalytics } from '../src/application/get-node-analytics';
import { journeyEventRecords, type JourneyEventRecord } from '../src/domain/journey-event-record';
import { percentile } from '../src/domain/percentile';
import { MongoJourneyEventStore } from '../src/infrastructure/mongo-journey-event-store';
import { NODE_COUNTERS_COLLECTION } from '../src/infrastructure/mongo-node-counters';
import { dropDatabase, infra } from '../../../test/support/infra';

const DB = 'kalcifer_analytics_counters_int_test';
const T0 = Date.UTC(2026, 0, 1, 22, 17);
const MIN = 60_000;
const HOUR = 60 * MIN;

let conn: Connection;
let clock = Date.now();
const records: JourneyEventRecord[] = [];

/**
 * Customer k enters at T0 + 7k min, passes `entry`, waits at `wait` for 13 + (k mod 9) * 37 min
 * (some waits cross midnight), then enters `done`. Customers from 30 on entered on v1 and left the
 * wait on v2 (a migration): their visits count on v1.
 */
function customer(k: number): JourneyEventRecord[] {
  const base = { workspaceId: 'ws', journeyId: 'j', instanceId: `i${k}`, customerId: `c${k}` };
  const at = T0 + k * 7 * MIN;
  const later = at + (13 + (k % 9) * 37) * MIN;
  return [
    ...journeyEventRecords(
      {
        ...base,
        version: 1,
        events: [
          { type: 'node.entered', at, nodeId: 'entry', tokenId: 't' },
          { type: 'node.exited', at, nodeId: 'entry', tokenId: 't', data: { output: 'next' } },
          { type: 'node.entered', at, nodeId: 'wait', tokenId: 't' },
        ],
      },
      `journal:i${k}:1`,
    ),
    ...journeyEventRecords(
      {
        ...base,
        version: k >= 30 ? 2 : 1,
        events: [
          { type: 'node.exited', at: later, nodeId: 'wait', tokenId: 't', data: { output: 'next' } },
          { type: 'node.entered', at: later, nodeId: 'done', tokenId: 't' },
        ],
      },
      `journal:i${k}:2`,
    ),
  ];
}

/** The figures counted from every event, as the definition says (docs/analytics.md). */
function groundTruth(fromMs?: number, toMs?: number) {
  const inRange = (at: number) => (fromMs === undefined || at >= fromMs) && (toMs === undefined || at < toMs);
  const rows = new Map<string, { entered: number; exited: number; durations: number[] }>();
  const row = (nodeId: string, version: number) => {
    const key = `${version}|${nodeId}`;
    if (!rows.has(key)) rows.set(key, { entered: 0, exited: 0, durations: [] });
    return rows.get(key)!;
  };
  for (const r of records) {
    if (!inRange(r.at) || r.nodeId === undefined) continue;
    if (r.type === 'node.entered') row(r.nodeId, r.version).entered += 1;
    if (r.type === 'node.exited') {
      const entry = records.find(
        (e) => e.type === 'node.entered' && e.instanceId === r.instanceId && e.nodeId === r.nodeId,
      )!;
      const visit = row(r.nodeId, entry.version);
      visit.exited += 1;
      visit.durations.push(r.at - entry.at);
    }
  }
  return rows;
}

async function expectFigures(store: MongoJourneyEventStore, fromMs?: number, toMs?: number) {
  const figures = await new GetNodeAnalytics(store).execute({
    workspaceId: 'ws',
    journeyId: 'j',
    fromMs,
    toMs,
  });
  const truth = groundTruth(fromMs, toMs);
  const label = `range [${fromMs === undefined ? '-' : new Date(fromMs).toISOString()}, ${toMs === undefined ? '-' : new Date(toMs).toISOString()})`;
  expect({
    label,
    rows: figures.map((f) => `${f.version}|${f.nodeId} ${f.entered}/${f.exited}`).sort(),
  }).toEqual({
    label,
    rows: [...truth]
      .filter(([, t]) => t.entered > 0 || t.exited > 0)
      .map(([key, t]) => `${key} ${t.entered}/${t.exited}`)
      .sort(),
  });
  for (const f of figures) {
    const t = truth.get(`${f.version}|${f.nodeId}`)!;
    const exact = percentile(t.durations, 95);
    expect(f.avgMs).toBeCloseTo(
      t.durations.length === 0 ? 0 : t.durations.reduce((a, b) => a + b, 0) / t.durations.length,
      6,
    );
    expect(f.p95Ms).toBeGreaterThanOrEqual(exact);
    expect(f.p95Ms).toBeLessThanOrEqual(exact * 2 ** (1 / 16));
  }
}

const counterTotals = async () =>
  (await conn.collection(NODE_COUNTERS_COLLECTION).find({ unit: 'd' }).toArray())
    .map((d) => `${d.version}|${d.nodeId}|${d.start}: ${d.entered}/${d.exited}/${d.count}`)
    .sort();

beforeAll(async () => {
  await dropDatabase(DB);
  conn = await connectMongo(infra.mongoUrl, DB);
});

afterAll(async () => {
  await conn.close();
});

describe('per-node counters', () => {
  let store: MongoJourneyEventStore;

  beforeAll(async () => {
    store = new MongoJourneyEventStore(conn, () => clock);
    await store.init();
    for (let k = 0; k < 60; k++) records.push(...customer(k));
    // In several writes, as the consumer's group commit does; the first message of every customer
    // before its second, so that the exits find their entries in the batch or in the database.
    for (let i = 0; i < records.length; i += 37) await store.insert(records.slice(i, i + 37));
  });

  it('gives the figures of every event over ranges that cut hours and days anywhere', async () => {
    await expectFigures(store);
    await expectFigures(store, T0 + 13 * MIN, T0 + 50 * MIN); // inside one hour
    await expectFigures(store, T0 + 43 * MIN, T0 + 3 * HOUR + 5 * MIN); // ragged ends and whole hours
    await expectFigures(store, T0 + 2 * HOUR + 1, undefined); // across midnight, open end
    await expectFigures(store, undefined, T0 + 4 * HOUR + 59 * MIN);
    await expectFigures(store, T0 - 3 * 24 * HOUR, T0 + 3 * 24 * HOUR + 7); // whole days
  });

  it('gives the time spent of a visit whose entry is stored after its exit (a redelivery)', async () => {
    const late = customer(70);
    // The wait's exit (second message) is stored first, then the first message.
    await store.insert(late.slice(3));
    await store.insert(late.slice(0, 3));
    records.push(...late);
    await expectFigures(store);
    await expectFigures(store, T0 + 70 * 7 * MIN + 1, undefined); // its exit read from the events
  });

  it('adds nothing when the same events are stored again', async () => {
    const before = await counterTotals();
    const again = await store.insert(records.slice(0, 100));
    expect(again).toEqual({ stored: 0, duplicates: 100 });
    expect(await counterTotals()).toEqual(before);
  });

  it('counts once a write cut short after the counters, and one cut short before them', async () => {
    const before = await counterTotals();
    const events = conn.collection('journey_events');
    const openBatches = conn.collection('open_batches');
    // Cut short after the counters: a batch still open, the counters still holding it (as
    // between applying its increments and closing it).
    const [cut] = await events.find({ nodeId: 'wait', type: 'node.exited' }).limit(1).toArray();
    const batch = String(cut.batch);
    const ofBatch = await events.find({ batch }).toArray();
    await openBatches.insertOne({ _id: batch, ids: ofBatch.map((d) => d._id), openedAt: clock } as never);
    await conn.collection(NODE_COUNTERS_COLLECTION).updateMany({}, { $push: { pending: batch } } as never);
    // Cut short before the counters: events stored by a write that never counted them; its list
    // also names an event another write stored (not this batch's to count).
    const extra = customer(99);
    const extraDocs = extra.map(({ id, ...rest }) => ({ _id: id, ...rest, batch: 'cut-before' }));
    const entry = extraDocs.find((d) => d.type === 'node.entered' && d.nodeId === 'wait')!;
    for (const d of extraDocs)
      if (d.type === 'node.exited' && d.nodeId === 'wait')
        Object.assign(d, { enteredAt: entry.at, visitVersion: 1 });
    await events.insertMany(extraDocs as never[]);
    await openBatches.insertOne({
      _id: 'cut-before',
      ids: [...extraDocs.map((d) => d._id), ofBatch[0]._id],
      openedAt: clock,
    } as never);
    records.push(...extra);

    // A write may still be on its way for a minute: the recovery counts what is older than that.
    clock += 61_000;
    await expectFigures(store); // recovers both batches, then reads
    expect(ofBatch.length).toBeGreaterThan(0);
    expect(await openBatches.countDocuments({})).toBe(0);
    const after = await counterTotals();
    // Only customer 99's visits were added (on its day).
    const day = Math.floor(extraDocs[0].at / (24 * HOUR)) * 24 * HOUR;
    const added = after.filter((line) => !before.includes(line));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((line) => line.includes(`|${day}:`))).toBe(true);
  });
});
