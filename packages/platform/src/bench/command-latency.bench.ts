/**
 * Micro-benchmark: the CPU this process spends per MongoDB and Redis command with and without the
 * per-command latency metrics (command-latency.ts), on the real servers. Rounds alternate plain
 * and timed clients; prints one JSON line with CPU microseconds per command (user + system).
 *
 *   npx tsc -b packages/platform && node packages/platform/dist/bench/command-latency.bench.js
 *
 * Uses MONGODB_URL and REDIS_URL; touches only database kalcifer_command_latency_bench (dropped)
 * and Redis keys `bench:cmdlat:*`.
 */
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { connectMongo } from '../mongo';
import { connectRedis } from '../redis';

const DB = 'kalcifer_command_latency_bench';
const ROUNDS = 3;
const MONGO_OPS = Number(process.env.BENCH_MONGO_OPS ?? 2_000);
const REDIS_OPS = Number(process.env.BENCH_REDIS_OPS ?? 20_000);
const CONCURRENCY = 16;

async function cpuPerOp(ops: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops) await op(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / ops;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const mongoUrl = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const plainMongo = await mongoose
    .createConnection(mongoUrl, { dbName: DB, maxPoolSize: 20, monitorCommands: false })
    .asPromise();
  const timedMongo = await connectMongo(mongoUrl, DB);
  await plainMongo.db!.dropDatabase();
  const docs = Array.from({ length: 100 }, (_, i) => ({ _id: `d${i}`, n: i, payload: 'x'.repeat(1_000) }));
  await plainMongo.collection('docs').insertMany(docs as never[]);
  const plainRedis = new Redis(redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const timedRedis = await connectRedis(redisUrl);
  await plainRedis.set('bench:cmdlat:k', 'v');

  const findOne = (c: mongoose.Connection) => (i: number) =>
    c.collection('docs').findOne({ _id: `d${i % 100}` } as never);
  const find100 = (c: mongoose.Connection) => () => c.collection('docs').find({}).toArray();
  const get = (r: Redis) => () => r.get('bench:cmdlat:k');

  const results: Record<string, { plain: number[]; timed: number[] }> = {
    mongoFindOne: { plain: [], timed: [] },
    mongoFind100: { plain: [], timed: [] },
    redisGet: { plain: [], timed: [] },
  };
  // Warm-up, then alternating rounds.
  await cpuPerOp(500, findOne(plainMongo));
  await cpuPerOp(500, findOne(timedMongo));
  for (let r = 0; r < ROUNDS; r++) {
    results.mongoFindOne.plain.push(await cpuPerOp(MONGO_OPS, findOne(plainMongo)));
    results.mongoFindOne.timed.push(await cpuPerOp(MONGO_OPS, findOne(timedMongo)));
    results.mongoFind100.plain.push(await cpuPerOp(MONGO_OPS / 10, find100(plainMongo)));
    results.mongoFind100.timed.push(await cpuPerOp(MONGO_OPS / 10, find100(timedMongo)));
    results.redisGet.plain.push(await cpuPerOp(REDIS_OPS, get(plainRedis)));
    results.redisGet.timed.push(await cpuPerOp(REDIS_OPS, get(timedRedis)));
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, { plain, timed }]) => [
      name,
      {
        plainCpuUsPerOp: round1(median(plain)),
        timedCpuUsPerOp: round1(median(timed)),
        addedCpuUsPerOp: round1(median(timed) - median(plain)),
      },
    ]),
  );
  console.log(JSON.stringify({ rounds: ROUNDS, mongoOps: MONGO_OPS, redisOps: REDIS_OPS, ...summary }));
  await plainMongo.db!.dropDatabase();
  await Promise.all([plainMongo.close(), timedMongo.close()]);
  plainRedis.disconnect();
  timedRedis.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
