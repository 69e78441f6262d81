/**
 * Benchmark: schedules BENCH_TIMERS timers (default 20,000) due within BENCH_WINDOW_MS (default
 * 5 s) of BENCH_LEAD_MS after the start (default 0), runs the scheduler in-process, and prints one
 * JSON line: schedule throughput, fire throughput, fire lag p50/p99/max.
 *
 *   npx tsc -b services/scheduler && node services/scheduler/dist/bench/timers.bench.js
 *
 * Uses NATS_URL, MONGODB_URL and REDIS_URL like the service. It touches only its own database
 * (kalcifer_scheduler_bench, dropped at start), its own Redis keys and a fresh workspace id.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { connectBus } from '@kalcifer/platform';
import { STREAMS, subjects, type TimerFiredMessage, type TimerScheduleMessage } from '@kalcifer/contracts';
import { bootstrap } from '../app';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const COUNT = env('BENCH_TIMERS', 20_000);
const WINDOW_MS = env('BENCH_WINDOW_MS', 5_000);
const LEAD_MS = env('BENCH_LEAD_MS', 0);
const DB = 'kalcifer_scheduler_bench';
const PUBLISH_CHUNK = 1_000;
const MARK_WAIT_MS = 120_000;

interface Seen {
  fire: TimerFiredMessage;
  receivedAt: number;
}

async function main(): Promise<void> {
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const mongoUrl = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/kalcifer';
  const db = await mongoose.createConnection(mongoUrl, { dbName: DB }).asPromise();
  await db.dropDatabase();

  const scheduler = await bootstrap({
    env: {
      MONGODB_DB: DB,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      TIMER_REDIS_PREFIX: `{kalcifer:bench:${randomUUID()}}`,
    },
  });
  const bus = await connectBus(natsUrl, 'scheduler-bench');
  const js = bus.js;
  const workspaceId = `bench-${randomUUID().slice(0, 8)}`;

  const seen = new Map<string, Seen>();
  let duplicates = 0;
  const consumer = await js.consumers.get(STREAMS.signals.name, {
    filter_subjects: subjects.timerFired(workspaceId),
  });
  const messages = await consumer.consume();
  const collecting = (async () => {
    for await (const msg of messages) {
      const fire = msg.json<TimerFiredMessage>();
      if (seen.has(fire.timerId)) duplicates++;
      else seen.set(fire.timerId, { fire, receivedAt: Date.now() });
    }
  })();

  const startedAt = Date.now();
  const timers: TimerScheduleMessage[] = Array.from({ length: COUNT }, (_, i) => ({
    workspaceId,
    timerId: `bench-${i}-${randomUUID()}`,
    instanceId: `instance-${i}`,
    tokenId: 'token-1',
    nodeId: 'wait',
    dueAt: startedAt + LEAD_MS + Math.floor(Math.random() * WINDOW_MS),
  }));
  for (let i = 0; i < timers.length; i += PUBLISH_CHUNK) {
    await Promise.all(
      timers
        .slice(i, i + PUBLISH_CHUNK)
        .map((t) =>
          js.publish(subjects.timerSchedule(workspaceId), JSON.stringify(t), { msgID: `bench:${t.timerId}` }),
        ),
    );
  }
  const publishedAt = Date.now();

  // The service's own counters: polling the database would slow down what we measure.
  const counter = async (name: string) =>
    (await scheduler.registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
  const scheduledAt = await until(
    async () => (await counter('scheduler_timers_scheduled_total')) >= COUNT,
    600_000,
  );
  await until(async () => seen.size >= COUNT, 600_000);
  const markedAt = await until(
    async () => (await counter('scheduler_timers_fired_total')) >= COUNT,
    MARK_WAIT_MS,
  ).catch(() => undefined);

  const fires = [...seen.values()];
  const lags = fires.map((s) => s.fire.firedAt - s.fire.dueAt).sort((a, b) => a - b);
  const e2e = fires.map((s) => s.receivedAt - s.fire.dueAt).sort((a, b) => a - b);
  const firedAts = fires.map((s) => s.fire.firedAt);
  const fireSpanMs = Math.max(...firedAts) - Math.min(...firedAts);
  const early = fires.filter((s) => s.fire.firedAt < s.fire.dueAt).length;

  await messages.close();
  await collecting;
  await bus.nc.close();
  await scheduler.close();
  // The database is left for inspection (dropped by the next run): on FerretDB a drop would wait
  // behind any mark still running there.
  await db.close();

  process.stdout.write(
    `${JSON.stringify({
      timers: COUNT,
      windowMs: WINDOW_MS,
      leadMs: LEAD_MS,
      publishPerSec: rate(COUNT, publishedAt - startedAt),
      scheduledPerSec: rate(COUNT, scheduledAt - startedAt),
      firedPerSec: rate(COUNT, Math.max(fireSpanMs, 1)),
      fireLagP50Ms: percentile(lags, 0.5),
      fireLagP99Ms: percentile(lags, 0.99),
      fireLagMaxMs: lags[lags.length - 1],
      deliveredLagP50Ms: percentile(e2e, 0.5),
      deliveredLagP99Ms: percentile(e2e, 0.99),
      early,
      duplicates,
      allMarkedFiredAfterMs: markedAt === undefined ? null : markedAt - startedAt,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    })}\n`,
  );
}

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1_000);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
