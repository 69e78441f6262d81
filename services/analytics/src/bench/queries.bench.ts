/**
 * How long the analytics queries take over one journey's events: `EVENTS` (default 50,000) synthetic
 * journey events (10 per customer: entry, a split, a wait of minutes, a goal for half) are written
 * to the database `kalcifer_analytics_bench` at MONGODB_URL, then each query runs `RUNS` times.
 * Run: npx tsc -b services/analytics && npm run bench -w @kalcifer/analytics
 */
import { performance } from 'node:perf_hooks';
import { connectMongo } from '@kalcifer/platform';
import { GetFunnel } from '../application/get-funnel';
import { GetJourneyAnalytics } from '../application/get-journey-analytics';
import { GetNodeAnalytics } from '../application/get-node-analytics';
import { journeyEventRecords } from '../domain/journey-event-record';
import { MongoJourneyEventStore } from '../infrastructure/mongo-journey-event-store';

const EVENTS = Number(process.env.EVENTS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 5);
const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

async function main(): Promise<void> {
  const conn = await connectMongo(
    process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017',
    'kalcifer_analytics_bench',
  );
  await conn.dropDatabase();
  const store = new MongoJourneyEventStore(conn);
  await store.init();
  const customers = Math.ceil(EVENTS / 10);
  let written = 0;
  const started = performance.now();
  for (let from = 0; from < customers; from += 500) {
    const records = [];
    for (let k = from; k < Math.min(customers, from + 500); k++) {
      const base = {
        workspaceId: 'ws',
        journeyId: 'j',
        version: 1,
        instanceId: `i${k}`,
        customerId: `c${k}`,
      };
      const at = T0 + k * 1000;
      const variant = k % 2 === 0 ? 'a' : 'b';
      const later = at + (k % 60) * MIN;
      records.push(
        ...journeyEventRecords(
          {
            ...base,
            events: [
              { type: 'journey.entered', at },
              { type: 'node.entered', at, nodeId: 'entry', tokenId: 't' },
              { type: 'node.exited', at, nodeId: 'entry', tokenId: 't', data: { output: 'next' } },
              { type: 'node.entered', at, nodeId: 'split', tokenId: 't' },
              {
                type: 'node.exited',
                at,
                nodeId: 'split',
                tokenId: 't',
                data: { output: `variant:${variant}` },
              },
              { type: 'node.entered', at, nodeId: `wait_${variant}`, tokenId: 't' },
            ],
          },
          `journal:i${k}:1`,
        ),
        ...journeyEventRecords(
          {
            ...base,
            events: [
              {
                type: 'node.exited',
                at: later,
                nodeId: `wait_${variant}`,
                tokenId: 't',
                data: { output: 'next' },
              },
              { type: 'node.entered', at: later, nodeId: 'goal', tokenId: 't' },
              k % 2 === 0
                ? { type: 'goal.reached', at: later, nodeId: 'goal', tokenId: 't' }
                : { type: 'journey.exited', at: later, nodeId: 'goal' },
              { type: 'journey.completed', at: later },
            ],
          },
          `journal:i${k}:2`,
        ),
      );
    }
    written += (await store.insert(records)).stored;
  }
  const writeMs = performance.now() - started;
  console.log(
    `${written} events written in ${(writeMs / 1000).toFixed(1)} s (${Math.round(written / (writeMs / 1000))}/s)`,
  );

  const query = { workspaceId: 'ws', journeyId: 'j' };
  const halfDay = { ...query, fromMs: T0, toMs: T0 + (customers / 2) * 1000 };
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['journey (all time)', () => new GetJourneyAnalytics(store).execute(query)],
    ['journey (first half of the range)', () => new GetJourneyAnalytics(store).execute(halfDay)],
    ['nodes (all time)', () => new GetNodeAnalytics(store).execute(query)],
    ['nodes (first half of the range)', () => new GetNodeAnalytics(store).execute(halfDay)],
    [
      'funnel entry,split,wait_a,goal',
      () => new GetFunnel(store).execute({ ...query, path: ['entry', 'split', 'wait_a', 'goal'] }),
    ],
  ];
  for (const [name, run] of cases) {
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
  await conn.dropDatabase();
  await conn.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
