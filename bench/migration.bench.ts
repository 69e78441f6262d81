/**
 * Live migration throughput: N customers wait in a live journey (entered through the REST API),
 * then v2 (a longer wait and an inserted email) is published with "migrate_all"; the figure is
 * instances migrated per second, from the publish request until the migration reports every
 * instance done. Also the publish latency (the fan-out runs after the answer) and a dry run's time.
 *
 *   npm run build && node bench/dist/bench/migration.bench.js
 *
 * Env: BENCH_MIGRATION_INSTANCES (default 5000), BENCH_CPU_PROFILE (a directory for the
 * orchestrator's V8 CPU profile, or BENCH_CPU_PROFILE_SERVICE's; summarise it with
 * bench/cpu-profile-top.ts), BENCH_GATEWAY_PORT / BENCH_GRPC_PORT /
 * BENCH_HEALTH_PORT_BASE (a stack beside another), BENCH_WITHOUT_ANALYTICS=1 (the analytics service
 * stopped after the start, to measure what it costs), MONGODB_COMMAND_COUNTS=1 (also print the Mongo
 * commands sent per enrollment and per migrated instance), NATS_URL, MONGODB_URL, REDIS_URL.
 * The last line printed is one JSON object with the figures.
 */
import mongoose from 'mongoose';
import { Api, createWorkspace } from '../test/support/api';
import { busBacklog, dropDatabase, resetAll, testMongoUrl } from '../test/support/infra';
import { Stack, type ServiceName } from '../test/support/stack';
import { commandsPerUnit, cpuPerUnit, cpuSnapshot, mongoCommands } from './process-cpu';

const PREFIX = 'bench_migration';
const N = Number(process.env.BENCH_MIGRATION_INSTANCES ?? 5_000);
const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const print = (line: string) => process.stdout.write(`${line}\n`);

const chain = (nodes: { id: string; type: string; config: Record<string, unknown> }[]) => ({
  nodes,
  edges: nodes.slice(1).map((n, i) => ({ from: nodes[i]?.id ?? '', to: n.id, output: 'next' })),
});
const entry = { id: 'entry', type: 'manual_entry', config: {} };
const tag = { id: 'tagged', type: 'add_tag', config: { tag: 'bench' } };
const V1 = chain([entry, tag, { id: 'hold', type: 'wait', config: { duration: 'P3D' } }]);
const V2 = chain([
  entry,
  tag,
  { id: 'hold', type: 'wait', config: { duration: 'P5D' } },
  { id: 'after', type: 'send_email', config: { subject: 'Later' } },
]);

interface Migration {
  status: string;
  counts: Record<string, number>;
}

/** Counted in the orchestrator's database: listing 5,000 instances through the API while they enter is slow. */
async function countWaiting(db: mongoose.Connection, journeyId: string): Promise<number> {
  return db.collection('instances').countDocuments({ journeyId, status: 'waiting' });
}

async function main(): Promise<void> {
  const stack = new Stack({
    dbPrefix: PREFIX,
    gatewayPort: port('BENCH_GATEWAY_PORT'),
    grpcPort: port('BENCH_GRPC_PORT'),
    healthPortBase: port('BENCH_HEALTH_PORT_BASE'),
    env: { orchestrator: { LOG_LEVEL: 'warn' } },
    // BENCH_CPU_PROFILE=<dir>: the orchestrator (or BENCH_CPU_PROFILE_SERVICE) writes a V8 CPU
    // profile there when it stops.
    ...(process.env.BENCH_CPU_PROFILE && {
      nodeArgs: {
        [(process.env.BENCH_CPU_PROFILE_SERVICE ?? 'orchestrator') as ServiceName]: [
          '--cpu-prof',
          `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`,
        ],
      },
    }),
  });
  await resetAll(`${PREFIX}_orchestrator`);
  await Promise.all(['scheduler', 'channels', 'api_gateway'].map((s) => dropDatabase(`${PREFIX}_${s}`)));
  const { apiKey } = createWorkspace(`${PREFIX}_api_gateway`, 'kal_benchMigrationKey00000000000001');
  await stack.startAll();
  // BENCH_WITHOUT_ANALYTICS=1: what the analytics service costs enrollment and migration.
  const withoutAnalytics = process.env.BENCH_WITHOUT_ANALYTICS === '1';
  if (withoutAnalytics) await stack.stop('analytics');
  const db = await mongoose.createConnection(testMongoUrl(`${PREFIX}_orchestrator`)).asPromise();
  try {
    const api = new Api(stack.gatewayUrl, apiKey);
    const journeyId = await api.launchJourney('bench migration', V1);
    const health = Object.fromEntries(
      (['orchestrator', 'scheduler'] as const).map((s) => [s, stack.healthUrl(s)]),
    );
    const cmd0 = await mongoCommands(health);
    const cpu0 = cpuSnapshot(stack.pids());
    const t0 = Date.now();
    for (let i = 0; i < N; i += 1_000) {
      const enrollments = Array.from({ length: Math.min(1_000, N - i) }, (_, k) => ({
        customerId: `m-${i + k}`,
      }));
      await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments });
    }
    while ((await countWaiting(db, journeyId)) < N) await sleep(500);
    const enrollSeconds = (Date.now() - t0) / 1000;
    const enrollPerSecond = Math.round(N / enrollSeconds);
    print(`${N} customers waiting in ${enrollSeconds.toFixed(1)} s = ${enrollPerSecond} enrollments/s`);
    // What the enrollments set off after the customers wait (the add_tag's profile update and its
    // announcement, the journal's readers) is enrollment work too: the CPU figure and the phases
    // after it start only once every consumer has caught up.
    while ((await busBacklog()) > 0) await sleep(500);
    const drainedSeconds = (Date.now() - t0) / 1000;
    print(
      `everything the enrollments set off done in ${drainedSeconds.toFixed(1)} s = ${Math.round(N / drainedSeconds)} enrollments/s end to end`,
    );
    const enrollCpu = cpuPerUnit(cpu0, cpuSnapshot(stack.pids()), N, 'enrollment');
    print(enrollCpu.line);
    const cmd1 = await mongoCommands(health);
    const enrollCommands = commandsPerUnit(cmd0, cmd1, N, 'enrollment');
    if (enrollCommands) print(enrollCommands);
    await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: V2 });

    const d0 = Date.now();
    const dry = await api.call('POST', `/v1/journeys/${journeyId}/versions`, {
      strategy: 'migrate_all',
      dryRun: true,
    });
    const dryRunMs = Date.now() - d0;
    print(`dry run over ${N} instances: ${dryRunMs} ms (HTTP ${dry.status})`);

    const cpu1 = cpuSnapshot(stack.pids());
    const p0 = Date.now();
    const published = await api.ok<{ migration: { id: string } }>(
      'POST',
      `/v1/journeys/${journeyId}/versions`,
      {
        strategy: 'migrate_all',
        note: 'bench',
      },
    );
    const publishMs = Date.now() - p0;
    // Done when no item of the migration is still enqueued, asked of the database by one indexed
    // query (the API's progress read is timed once, at the end).
    const items = db.collection('migration_items');
    const mid = published.migration.id;
    const fannedOut = async () =>
      ((await db.collection('migrations').findOne({ _id: mid as never }))?.enqueuedPercent as number) === 100;
    // How far the migration got while its fan-out still ran (the fan-out's own time is a prefix
    // of the figure only as far as the two do not overlap).
    const doneSoFar = () => items.countDocuments({ migrationId: mid, outcome: { $ne: 'enqueued' } });
    while (!(await fannedOut())) await sleep(250);
    const fanOutMs = Date.now() - p0;
    print(
      `fan-out done ${(fanOutMs / 1000).toFixed(1)} s after the publish, ${await doneSoFar()} instances moved by then`,
    );
    while ((await items.findOne({ migrationId: mid, outcome: 'enqueued' })) !== null) await sleep(250);
    const seconds = (Date.now() - p0) / 1000;
    const migrateCpu = cpuPerUnit(cpu1, cpuSnapshot(stack.pids()), N, 'migrated instance');
    print(migrateCpu.line);
    const migrateCommands = commandsPerUnit(cmd1, await mongoCommands(health), N, 'migrated instance');
    if (migrateCommands) print(migrateCommands);
    let m: Migration | undefined;
    let progressReadMs = 0;
    for (;;) {
      // The final counts through the API; a read past the call deadline is retried.
      const r0 = Date.now();
      const res = await api.call<Migration>('GET', `/v1/journeys/${journeyId}/migrations/${mid}`);
      progressReadMs = Date.now() - r0;
      if (res.status === 200) {
        m = res.body;
        if (m.counts.total === N && m.counts.enqueued === 0) break;
      }
      await sleep(3_000);
    }
    const perSecond = Math.round(N / seconds);
    print(
      `publish answered in ${publishMs} ms; ${m.counts.migrated}/${N} migrated in ${seconds.toFixed(1)} s`,
    );
    print(
      `=> ${perSecond} instances migrated per second (failed: ${m.counts.failed}, held: ${m.counts.held})`,
    );
    print(`the migration's progress read through the API answered in ${progressReadMs} ms`);
    print(
      JSON.stringify({
        analytics: !withoutAnalytics,
        instances: N,
        migrated: m.counts.migrated,
        failed: m.counts.failed,
        seconds: Number(seconds.toFixed(1)),
        instancesPerSecond: perSecond,
        enrollPerSecond,
        publishMs,
        fanOutMs,
        dryRunMs,
        progressReadMs,
        enrollCpuMs: enrollCpu.perUnitMs,
        migrateCpuMs: migrateCpu.perUnitMs,
      }),
    );
  } finally {
    await db.close();
    await stack.stopAll();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
