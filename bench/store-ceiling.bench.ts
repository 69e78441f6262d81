/**
 * What the MongoDB-wire server itself manages, with none of Kalcifer's code in the way: the
 * ceiling under every figure of migration.bench.ts. A collection of N documents shaped like
 * Kalcifer's instances (an indexed journey, ~1.5 kB of state as text) is written and read the
 * ways the migration path does:
 *   - single-document compare-and-set `updateOne({_id, revision})` at concurrency 1, 4 and 16
 *     (what moving one instance costs, at least once per instance);
 *   - unordered `insertMany` of 1,000 (how items and timers are recorded);
 *   - `updateMany` over one indexed group of 500 (one statement for many documents);
 *   - the same compare-and-set as group-committed bulkWrites of 100 (what the instance store sends
 *     under load);
 *   - `findOne` by `_id` (reading one instance), median of 500.
 *
 *   npm run build && node bench/dist/bench/store-ceiling.bench.js
 *
 * Env: BENCH_CEILING_DOCS (default 20000); BENCH_STORES, servers measured one after the other in
 * the same run, as `name=url,name=url` (default: `store=$MONGODB_URL`). Works in database
 * `bench_ceiling` of each, which it drops at the start and the end. Prints a side-by-side table;
 * the last line printed is one JSON object with the figures per server.
 */
import { mongo } from 'mongoose';
import { testMongoUrl } from '../test/support/infra';

const N = Number(process.env.BENCH_CEILING_DOCS ?? 20_000);
const UPDATES_PER_RUN = 3_000;
const GROUP = 500;
const STATE = JSON.stringify({ tokens: [{ id: 't1', nodeId: 'hold' }], pad: 'x'.repeat(1_500) });

interface Doc {
  _id: string;
  workspaceId: string;
  journeyId: string;
  group: number;
  revision: number;
  state: string;
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1_000));
const idOf = (i: number) => `inst-${String(i).padStart(7, '0')}`;

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** `count` compare-and-set updates of distinct documents from `first`, `concurrency` at a time. */
async function casUpdates(col: mongo.Collection<Doc>, first: number, count: number, concurrency: number) {
  let next = first;
  const end = first + count;
  let missed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const id = idOf(next++);
        const res = await col.updateOne(
          { _id: id, workspaceId: 'ws', revision: 1 },
          { $set: { state: `${STATE} ` }, $inc: { revision: 1 } },
        );
        if (res.modifiedCount !== 1) missed += 1;
      }
    }),
  );
  if (missed > 0) throw new Error(`${missed} compare-and-set updates matched nothing`);
}

/** The servers to measure: BENCH_STORES=`name=url,...`, else the one MONGODB_URL names. */
function stores(): { name: string; url: string }[] {
  const spec = process.env.BENCH_STORES;
  if (!spec) return [{ name: 'store', url: testMongoUrl('bench_ceiling') }];
  return spec.split(',').map((entry) => {
    const at = entry.indexOf('=');
    if (at < 1) throw new Error(`BENCH_STORES entry "${entry}" is not name=mongodb://host:port`);
    const url = new URL(entry.slice(at + 1));
    url.pathname = '/bench_ceiling';
    return { name: entry.slice(0, at), url: url.toString() };
  });
}

/** `count` compare-and-set updates from `first` as bulkWrites of `batch`, `parallel` at a time. */
async function casBulkWrites(
  col: mongo.Collection<Doc>,
  first: number,
  count: number,
  batch: number,
  parallel: number,
) {
  let next = first;
  const end = first + count;
  let matched = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < end) {
        const from = next;
        next += batch;
        const ops = Array.from({ length: Math.min(batch, end - from) }, (_, k) => ({
          updateOne: {
            filter: { _id: idOf(from + k), workspaceId: 'ws', revision: 1 },
            update: { $set: { state: `${STATE} ` }, $inc: { revision: 1 } },
          },
        }));
        const res = await col.bulkWrite(ops, { ordered: false });
        matched += res.matchedCount;
      }
    }),
  );
  return matched;
}

async function main(): Promise<void> {
  if (N < 6 * UPDATES_PER_RUN) throw new Error(`BENCH_CEILING_DOCS must be at least ${6 * UPDATES_PER_RUN}`);
  const all: Record<string, Record<string, number>> = {};
  for (const { name, url } of stores()) {
    print(`--- ${name} (${url})`);
    all[name] = await measure(url);
  }
  const names = Object.keys(all);
  const rows = Object.keys(all[names[0]]);
  print(['figure', ...names].join('\t'));
  for (const row of rows) print([row, ...names.map((n) => String(all[n][row]))].join('\t'));
  print(JSON.stringify(all));
}

async function measure(url: string): Promise<Record<string, number>> {
  const client = await mongo.MongoClient.connect(url, { maxPoolSize: 20 });
  try {
    const db = client.db();
    await db.dropDatabase();
    const col = db.collection<Doc>('instances');
    await col.createIndexes([{ key: { workspaceId: 1, journeyId: 1, group: 1 } }]);

    const insertMs = await timed(async () => {
      for (let i = 0; i < N; i += 1_000) {
        const docs = Array.from({ length: Math.min(1_000, N - i) }, (_, k) => ({
          _id: idOf(i + k),
          workspaceId: 'ws',
          journeyId: 'j1',
          group: Math.floor((i + k) / GROUP),
          revision: 1,
          state: STATE,
        }));
        await col.insertMany(docs, { ordered: false });
      }
    });
    const figures: Record<string, number> = { documents: N, insertManyPerSecond: perSecond(N, insertMs) };
    print(
      `insertMany (1,000 a call): ${N} documents in ${(insertMs / 1_000).toFixed(1)} s = ${figures.insertManyPerSecond}/s`,
    );

    let first = 0;
    for (const concurrency of [1, 4, 16]) {
      const ms = await timed(() => casUpdates(col, first, UPDATES_PER_RUN, concurrency));
      first += UPDATES_PER_RUN;
      figures[`casUpdatePerSecondAt${concurrency}`] = perSecond(UPDATES_PER_RUN, ms);
      print(`updateOne {_id, revision} at concurrency ${concurrency}: ${perSecond(UPDATES_PER_RUN, ms)}/s`);
    }

    const groups = Math.floor(first / GROUP) + 2;
    const groupMs = await timed(async () => {
      for (let g = groups; g < groups + 4; g++)
        await col.updateMany(
          { workspaceId: 'ws', journeyId: 'j1', group: g },
          { $set: { state: `${STATE}.` } },
        );
    });
    figures.updateManyDocsPerSecond = perSecond(4 * GROUP, groupMs);
    print(`updateMany over an indexed group of ${GROUP}: ${figures.updateManyDocsPerSecond} documents/s`);

    // Compare-and-set as the instance store sends it under load: group-committed, one unordered
    // bulkWrite per batch, two batches in flight (FerretDB 1.24 hangs beyond 250 statements in flight).
    const bulkFirst = (groups + 4) * GROUP;
    const bulkCount = 2 * UPDATES_PER_RUN;
    let matched = 0;
    const bulkMs = await timed(async () => {
      matched = await casBulkWrites(col, bulkFirst, bulkCount, 100, 2);
    });
    figures.casBulkWritePerSecond = perSecond(bulkCount, bulkMs);
    // Every one must match (each names a document at revision 1); a server that says otherwise is wrong.
    figures.casBulkWriteMatched = matched;
    print(
      `the same compare-and-set, 100 per bulkWrite, 2 in flight: ${figures.casBulkWritePerSecond}/s (${matched} of ${bulkCount} reported matched)`,
    );

    const reads: number[] = [];
    for (let i = 0; i < 500; i++) {
      reads.push(
        await timed(async () => void (await col.findOne({ _id: idOf((i * 37) % N), workspaceId: 'ws' }))),
      );
    }
    reads.sort((a, b) => a - b);
    figures.findOneByIdMedianMs = Number((reads[reads.length >> 1] ?? 0).toFixed(2));
    print(`findOne by _id among ${N}: median ${figures.findOneByIdMedianMs} ms`);

    const floor = Math.ceil(
      50_000 / Math.max(...[1, 4, 16].map((c) => figures[`casUpdatePerSecondAt${c}`] ?? 0)),
    );
    print(`=> 50,000 instances need at least ${floor} s of single-document writes alone on this server`);
    await db.dropDatabase();
    return figures;
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
