/**
 * The per-node figures before and after the counters: `EVENTS` (default 50,000) synthetic journey
 * events of one journey (10 per customer, as queries.bench.ts) are written through the store (which
 * keeps the counters), then each way of answering runs `RUNS` times:
 * - before: the aggregation that grouped every node event up to `to` by visit (the query the
 *   counters replaced, kept here to compare);
 * - after: the store's node visits (counters, plus the events of the range's ends under a minute),
 *   and the whole GetNodeAnalytics (with `ended`, still counted from the ended instances).
 * It also writes the same events without counters first, to show what the counters cost a write.
 * Run: npx tsc -b services/analytics && node services/analytics/dist/bench/node-figures.bench.js
 */
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import { connectMongo } from '@kalcifer/platform';
import { GetNodeAnalytics } from '../application/get-node-analytics';
import { journeyEventRecords, type JourneyEventRecord } from '../domain/journey-event-record';
import { MongoJourneyEventStore } from '../infrastructure/mongo-journey-event-store';
import type { JourneyRange } from '../ports/journey-event-store';

const EVENTS = Number(process.env.EVENTS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 3);
const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function customer(k: number): JourneyEventRecord[] {
  const base = { workspaceId: 'ws', journeyId: 'j', version: 1, instanceId: `i${k}`, customerId: `c${k}` };
  const at = T0 + k * 1000;
  const variant = k % 2 === 0 ? 'a' : 'b';
  const later = at + (k % 60) * MIN;
  const out = (nodeId: string, when: number, output: string) => ({
    type: 'node.exited' as const,
    at: when,
    nodeId,
    tokenId: 't',
    data: { output },
  });
  return [
    ...journeyEventRecords(
      {
        ...base,
        events: [
          { type: 'journey.entered', at },
          { type: 'node.entered', at, nodeId: 'entry', tokenId: 't' },
          out('entry', at, 'next'),
          { type: 'node.entered', at, nodeId: 'split', tokenId: 't' },
          out('split', at, `variant:${variant}`),
          { type: 'node.entered', at, nodeId: `wait_${variant}`, tokenId: 't' },
        ],
      },
      `journal:i${k}:1`,
    ),
    ...journeyEventRecords(
      {
        ...base,
        events: [
          out(`wait_${variant}`, later, 'next'),
          { type: 'node.entered', at: later, nodeId: 'goal', tokenId: 't' },
          k % 2 === 0
            ? { type: 'goal.reached', at: later, nodeId: 'goal', tokenId: 't' }
            : { type: 'journey.exited', at: later, nodeId: 'goal' },
          { type: 'journey.completed', at: later },
        ],
      },
      `journal:i${k}:2`,
    ),
  ];
}

/** The per-node query before the counters: every node event up to `to`, grouped by visit. */
async function scanNodeVisits(conn: Connection, range: JourneyRange): Promise<number> {
  const upTo: Record<string, unknown> = {
    workspaceId: range.workspaceId,
    journeyId: range.journeyId,
    type: { $in: ['node.entered', 'node.exited'] },
  };
  if (range.toMs !== undefined) upTo.at = { $lt: range.toMs };
  const inRange = (field: string) => ({
    $and: [
      { $ne: [field, null] },
      ...(range.fromMs !== undefined ? [{ $gte: [field, range.fromMs] }] : []),
      ...(range.toMs !== undefined ? [{ $lt: [field, range.toMs] }] : []),
    ],
  });
  const entered = { $eq: ['$type', 'node.entered'] };
  const exited = { $eq: ['$type', 'node.exited'] };
  const rows = await conn
    .collection('journey_events')
    .aggregate(
      [
        { $match: upTo },
        {
          $group: {
            _id: { i: '$instanceId', t: '$tokenId', n: '$nodeId' },
            enteredAt: { $max: { $cond: [entered, '$at', null] } },
            enteredVersion: { $max: { $cond: [entered, '$version', null] } },
            exitedAt: { $max: { $cond: [exited, '$at', null] } },
            exitedVersion: { $max: { $cond: [exited, '$version', null] } },
          },
        },
        {
          $project: {
            n: '$_id.n',
            v: { $ifNull: ['$enteredVersion', '$exitedVersion'] },
            enteredIn: { $cond: [inRange('$enteredAt'), 1, 0] },
            exitedIn: { $cond: [inRange('$exitedAt'), 1, 0] },
            duration: {
              $cond: [
                { $and: [inRange('$exitedAt'), { $ne: ['$enteredAt', null] }] },
                { $subtract: ['$exitedAt', '$enteredAt'] },
                null,
              ],
            },
          },
        },
        { $match: { $or: [{ enteredIn: 1 }, { exitedIn: 1 }] } },
        {
          $group: {
            _id: { n: '$n', v: '$v' },
            entered: { $sum: '$enteredIn' },
            exited: { $sum: '$exitedIn' },
            durations: { $push: '$duration' },
          },
        },
      ],
      { allowDiskUse: true },
    )
    .toArray();
  return rows.length;
}

async function time(name: string, run: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name}: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, best ${times[0].toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  const conn = await connectMongo(
    process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017',
    'kalcifer_analytics_bench',
  );
  await conn.dropDatabase();
  const store = new MongoJourneyEventStore(conn);
  await store.init();
  const customers = Math.ceil(EVENTS / 10);
  // The write cost before the counters: the same events by one unordered insertMany per 500
  // customers into a collection with the events' original index only.
  const plain = conn.collection('plain_events');
  await plain.createIndex({ workspaceId: 1, journeyId: 1, type: 1, at: 1 });
  const plainStarted = performance.now();
  for (let from = 0; from < customers; from += 500) {
    const docs = [];
    for (let k = from; k < Math.min(customers, from + 500); k++)
      docs.push(...customer(k).map(({ id, ...rest }) => ({ _id: id, ...rest })));
    await plain.insertMany(docs as never[], { ordered: false });
  }
  const plainMs = performance.now() - plainStarted;
  console.log(
    `before: ${customers * 10} events written without counters in ${(plainMs / 1000).toFixed(1)} s (${Math.round((customers * 10) / (plainMs / 1000))}/s)`,
  );
  let written = 0;
  const started = performance.now();
  for (let from = 0; from < customers; from += 500) {
    const records: JourneyEventRecord[] = [];
    for (let k = from; k < Math.min(customers, from + 500); k++) records.push(...customer(k));
    written += (await store.insert(records)).stored;
  }
  const writeMs = performance.now() - started;
  console.log(
    `after: ${written} events written with their counters in ${(writeMs / 1000).toFixed(1)} s (${Math.round(written / (writeMs / 1000))}/s)`,
  );
  const all: JourneyRange = { workspaceId: 'ws', journeyId: 'j' };
  // Not on minute boundaries: the ends (under a minute each) are read from the events.
  const half: JourneyRange = { ...all, fromMs: T0 + 7 * MIN + 3, toMs: T0 + (customers / 2) * 1000 + 11 };
  await time('before: nodes by scanning events (all time)', () => scanNodeVisits(conn, all));
  await time('before: nodes by scanning events (first half, ragged ends)', () => scanNodeVisits(conn, half));
  await time('after: nodes from the counters (all time)', () => store.nodeVisits(all));
  await time('after: nodes from the counters (first half, ragged ends)', () => store.nodeVisits(half));
  await time('after: GetNodeAnalytics with ended (all time)', () => new GetNodeAnalytics(store).execute(all));
  await conn.dropDatabase();
  await conn.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
