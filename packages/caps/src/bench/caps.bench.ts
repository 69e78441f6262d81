/**
 * Frequency-cap reservations against a real Redis (REDIS_URL): throughput and latency of
 * `reserve` for fresh send keys, then for retries of the same keys (the idempotent path), with
 * a realistic policy (2 emails a day, 5 a week, 10 sends of any channel a day).
 *
 *   npm run build && REDIS_URL=redis://127.0.0.1:6479 node services/channels/dist/caps/bench/caps.bench.js
 *
 * Knobs: BENCH_CAPS_RESERVATIONS (default 100000), BENCH_CAPS_CUSTOMERS (10000),
 * BENCH_CAPS_CONNECTIONS (8), BENCH_CAPS_IN_FLIGHT per connection (4). Writes only keys under a
 * fresh `bench:caps:<uuid>` prefix and deletes them at the end. The last line is one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { connectRedis, type Redis } from '@kalcifer/platform';
import type { CapChannel, CapRule } from '../cap-policy';
import { RedisFrequencyCaps } from '../redis-frequency-caps';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESERVATIONS = Number(process.env.BENCH_CAPS_RESERVATIONS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CAPS_CUSTOMERS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CAPS_CONNECTIONS ?? 8);
const IN_FLIGHT = Number(process.env.BENCH_CAPS_IN_FLIGHT ?? 4);
const WORKSPACE = 'ws_bench';
const CHANNELS: CapChannel[] = ['email', 'email', 'email', 'sms', 'push'];
const RULES: CapRule[] = [
  { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
  { channel: 'email', limit: 5, window: 'P1W', onCapped: 'delay' },
  { channel: '*', limit: 10, window: 'P1D', onCapped: 'delay' },
];
const START = Date.parse('2026-11-20T00:00:00Z');

interface Send {
  customerId: string;
  channel: CapChannel;
  sendKey: string;
  now: number;
}

interface PhaseResult {
  reservations: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  allowed: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function plan(count: number): Send[] {
  // Sends spread over three simulated days, customers and channels interleaved.
  const spanMs = 3 * 86_400_000;
  return Array.from({ length: count }, (_, i) => ({
    customerId: `cus_${(i * 7919) % CUSTOMERS}`,
    channel: CHANNELS[i % CHANNELS.length],
    sendKey: `send_${i}`,
    now: START + Math.floor((i / count) * spanMs),
  }));
}

async function runPhase(caps: RedisFrequencyCaps[], sends: Send[]): Promise<PhaseResult> {
  const latencies = new Float64Array(sends.length);
  let next = 0;
  let allowed = 0;
  // IN_FLIGHT workers per connection, each taking the next send when its previous one answers.
  const worker = async (capsOnConnection: RedisFrequencyCaps) => {
    while (next < sends.length) {
      const index = next++;
      const send = sends[index];
      const began = process.hrtime.bigint();
      const decision = await capsOnConnection.reserve(
        WORKSPACE,
        send.customerId,
        send.channel,
        send.sendKey,
        send.now,
        RULES,
      );
      latencies[index] = Number(process.hrtime.bigint() - began) / 1e6;
      if (decision.allowed) allowed++;
    }
  };
  const began = process.hrtime.bigint();
  await Promise.all(caps.flatMap((c) => Array.from({ length: IN_FLIGHT }, () => worker(c))));
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  latencies.sort();
  return {
    reservations: sends.length,
    perSecond: Math.round(sends.length / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    maxMs: Number(latencies[latencies.length - 1].toFixed(2)),
    allowed,
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = nextCursor;
  } while (cursor !== '0');
}

/** Redis `used_memory` (other clients' writes meanwhile make this approximate). */
async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
}

function print(name: string, r: PhaseResult): void {
  console.log(
    `${name.padEnd(16)} ${String(r.reservations).padStart(7)} reservations  ${String(r.perSecond).padStart(6)}/s` +
      `  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  max ${r.maxMs} ms  allowed ${r.allowed}`,
  );
}

async function main(): Promise<void> {
  const prefix = `bench:caps:${randomUUID()}`;
  const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => connectRedis(REDIS_URL)));
  const caps = connections.map((redis) => new RedisFrequencyCaps(redis, { keyPrefix: prefix }));
  try {
    console.log(
      `caps bench: ${REDIS_URL}, ${CONNECTIONS} connections x ${IN_FLIGHT} in flight, ${CUSTOMERS} customers`,
    );
    await runPhase(
      caps,
      plan(Math.min(5000, RESERVATIONS)).map((s) => ({ ...s, sendKey: `warm_${s.sendKey}` })),
    );
    const sends = plan(RESERVATIONS);
    const memoryBefore = await usedMemory(connections[0]);
    const fresh = await runPhase(caps, sends);
    const bytesPerReservation = Math.round((await usedMemory(connections[0])) - memoryBefore) / RESERVATIONS;
    print('fresh send keys', fresh);
    const retries = await runPhase(caps, sends);
    print('retried keys', retries);
    if (retries.allowed !== fresh.allowed) {
      throw new Error(
        `retries changed the answers: ${fresh.allowed} allowed first, ${retries.allowed} on retry`,
      );
    }
    console.log(
      `redis memory     ~${Math.round(bytesPerReservation)} bytes per reservation (counters + decision)`,
    );
    console.log(JSON.stringify({ fresh, retries, bytesPerReservation: Math.round(bytesPerReservation) }));
  } finally {
    await deleteKeys(connections[0], prefix);
    await Promise.all(connections.map((c) => c.quit()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
