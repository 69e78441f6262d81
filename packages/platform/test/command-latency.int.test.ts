/**
 * NFR-4 "Mongo/Redis latency": every MongoDB and Redis command a service sends is timed by command
 * name and shows on its /metrics, against the real servers.
 */
import type mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { connectMongo } from '../src/mongo';
import { connectRedis } from '../src/redis';
import { startHealthServer, type HealthServer } from '../src/health-server';
import { dropDatabase, infra } from '../../../test/support/infra';

const DB = 'int_command_latency';

let conn: mongoose.Connection;
let redis: Redis;
let health: HealthServer;

beforeAll(async () => {
  await dropDatabase(DB);
  conn = await connectMongo(infra.mongoUrl, DB);
  redis = await connectRedis(infra.redisUrl);
  health = await startHealthServer('latency-test', 0, {});
});

afterAll(async () => {
  await health.close();
  await conn.close();
  redis.disconnect();
  await dropDatabase(DB);
});

const metrics = async () => (await fetch(`http://127.0.0.1:${health.port}/metrics`)).text();
/** The value of one series, e.g. `kalcifer_redis_command_duration_seconds_count{command="get"}`. */
function value(text: string, name: string, command: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`command="${command}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

it('times each MongoDB command by its name, failed ones counted apart', async () => {
  const before = await metrics();
  const docs = conn.collection<{ _id: string }>('docs');
  await docs.insertOne({ _id: 'a' });
  await docs.findOne({ _id: 'a' });
  await docs.findOne({ _id: 'b' });
  await expect(conn.db!.command({ find: 'docs', filter: { $noSuchOperator: 1 } })).rejects.toThrow();
  const after = await metrics();

  const count = 'kalcifer_mongodb_command_duration_seconds_count';
  expect(value(after, count, 'insert') - value(before, count, 'insert')).toBe(1);
  expect(value(after, count, 'find') - value(before, count, 'find')).toBe(3);
  const failures = 'kalcifer_mongodb_command_failures_total';
  expect(value(after, failures, 'find') - value(before, failures, 'find')).toBe(1);
  expect(value(after, 'kalcifer_mongodb_command_duration_seconds_sum', 'find')).toBeGreaterThan(0);
  // Labelled by the service and the command name only: no collection, no filter.
  const bucket = after
    .split('\n')
    .find((l) => l.startsWith('kalcifer_mongodb_command_duration_seconds_bucket{') && l.includes('"find"'));
  const labels = [...(bucket ?? '').matchAll(/([a-z_]+)="/g)].map((m) => m[1]).sort();
  expect(labels).toEqual(['command', 'le', 'service']);
});

it('times each Redis command by its name, auto-pipelined ones included, failed ones counted apart', async () => {
  const before = await metrics();
  await Promise.all([
    redis.set('int:latency:k', 'v'),
    redis.get('int:latency:k'),
    redis.get('int:latency:k'),
  ]);
  await expect(redis.incr('int:latency:k')).rejects.toThrow();
  await redis.del('int:latency:k');
  const after = await metrics();

  const count = 'kalcifer_redis_command_duration_seconds_count';
  expect(value(after, count, 'get') - value(before, count, 'get')).toBe(2);
  expect(value(after, count, 'set') - value(before, count, 'set')).toBe(1);
  expect(value(after, count, 'incr') - value(before, count, 'incr')).toBe(1);
  const failures = 'kalcifer_redis_command_failures_total';
  expect(value(after, failures, 'incr') - value(before, failures, 'incr')).toBe(1);
  expect(value(after, failures, 'get') - value(before, failures, 'get')).toBe(0);
});
