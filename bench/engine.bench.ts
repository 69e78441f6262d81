/**
 * `npm run bench`: the engine's headline figures on this machine, through the public REST API
 * against the real services, NATS, the MongoDB-wire server (DocumentDB) and Redis (see docs/benchmarks.md).
 *   1. journey start latency: request sent -> first node executed (from the customer's trace), p50/p99
 *   2. orchestrator memory per 10,000 waiting instances (RSS delta of the orchestrator process, and
 *      its heap in use after a full GC, before and after)
 *   3. events ingested per second through POST /v1/events/batch (accepted: durably in JetStream),
 *      and processed per second (until the orchestrator has consumed and acknowledged every one)
 * The last line printed is one JSON object with those figures.
 *
 * Env: BENCH_WAITING, BENCH_EVENTS, BENCH_LATENCY_SAMPLES, BENCH_LATENCY_RATE (sizes);
 * BENCH_WITHOUT_ANALYTICS=1 (stop the analytics service after the start, to measure what it costs
 * the engine); BENCH_GATEWAY_PORT / BENCH_GRPC_PORT / BENCH_HEALTH_PORT_BASE (a stack beside
 * another); NATS_URL, MONGODB_URL, REDIS_URL.
 */
import mongoose from 'mongoose';
import { Api, createWorkspace } from '../test/support/api';
import { consumerBacklog, dropDatabase, infra, resetAll, testMongoUrl } from '../test/support/infra';
import { Stack } from '../test/support/stack';
import { cpuPerUnit, cpuSnapshot } from './process-cpu';

const PREFIX = 'bench';
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 400);
const LATENCY_RATE_PER_S = Number(process.env.BENCH_LATENCY_RATE ?? 50);
const WAITING_INSTANCES = Number(process.env.BENCH_WAITING ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const EVENT_BATCH = 500;
const EVENT_CONCURRENCY = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const waitingJourney = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'hold', type: 'wait', config: { duration: 'P1D' } },
  ],
  edges: [{ from: 'entry', to: 'hold', output: 'next' }],
};

async function orchestratorRss(stack: Stack): Promise<number> {
  const text = await (await fetch(`${stack.healthUrl('orchestrator')}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
  return Number(line?.split(' ').pop());
}

async function medianRss(stack: Stack): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await orchestratorRss(stack));
    await sleep(400);
  }
  return samples.sort((a, b) => a - b)[2];
}

async function measureStartLatency(
  api: Api,
): Promise<{ p50: number; p90: number; p99: number; max: number }> {
  const journeyId = await api.launchJourney('bench latency', waitingJourney);
  // Warm-up (JIT, connection pools, caches): not measured.
  for (let i = 0; i < 50; i++) {
    await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { customerId: `warm-${i}` });
    await sleep(1000 / LATENCY_RATE_PER_S);
  }
  await sleep(1_000);
  const sentAt = new Map<string, number>();
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const customerId = `lat-${i}`;
    const t0 = Date.now();
    sentAt.set(customerId, t0);
    void api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { customerId });
    await sleep(1000 / LATENCY_RATE_PER_S);
  }
  await sleep(2_000);
  const latencies: number[] = [];
  for (const [customerId, t0] of sentAt) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const trace = await api.ok<{ entries: { at: string; type: string }[] }>(
        'GET',
        `/v1/customers/${customerId}/trace`,
      );
      const first = trace.entries.find((e) => e.type === 'node_entered');
      if (first) {
        latencies.push(Date.parse(first.at) - t0);
        break;
      }
      await sleep(200);
    }
  }
  if (latencies.length < sentAt.size)
    throw new Error(`only ${latencies.length}/${sentAt.size} enrollments started`);
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
  };
}

/** The orchestrator's heap in use after a full GC (it runs with --expose-gc in this bench). */
async function heapAfterGc(stack: Stack): Promise<number> {
  const res = await fetch(`${stack.healthUrl('orchestrator')}/debug/heap`);
  return ((await res.json()) as { heapUsedBytes: number }).heapUsedBytes;
}

async function measureWaitingMemory(api: Api, stack: Stack): Promise<{ rss: number; heap: number }> {
  const journeyId = await api.launchJourney('bench waiting', waitingJourney);
  const before = await medianRss(stack);
  const heapBefore = await heapAfterGc(stack);
  for (let i = 0; i < WAITING_INSTANCES; i += 1000) {
    const enrollments = Array.from({ length: Math.min(1000, WAITING_INSTANCES - i) }, (_, k) => ({
      customerId: `wait-${i + k}`,
    }));
    await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments });
  }
  const conn = await mongoose.createConnection(testMongoUrl(`${PREFIX}_orchestrator`)).asPromise();
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const n = await conn.collection('instances').countDocuments({ journeyId, status: 'waiting' });
      if (n >= WAITING_INSTANCES) break;
      if (Date.now() > deadline)
        throw new Error(`only ${n} of ${WAITING_INSTANCES} instances waiting after 5 min`);
      await sleep(1_000);
    }
  } finally {
    await conn.close();
  }
  await sleep(3_000);
  const after = await medianRss(stack);
  const heapAfter = await heapAfterGc(stack);
  const per10k = (delta: number) => Math.round((delta / WAITING_INSTANCES) * 10_000);
  return { rss: Math.max(0, per10k(after - before)), heap: per10k(heapAfter - heapBefore) };
}

async function measureEventIngest(api: Api): Promise<{ ingested: number; processed: number }> {
  const batches = Math.ceil(EVENTS / EVENT_BATCH);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: EVENT_CONCURRENCY }, async () => {
      for (let b = next++; b < batches; b = next++) {
        const events = Array.from({ length: EVENT_BATCH }, (_, k) => ({
          customerId: `evt-${(b * EVENT_BATCH + k) % 5000}`,
          name: 'page_viewed',
          properties: { page: `/p/${k}`, batch: b },
        }));
        await api.ok('POST', '/v1/events/batch', { events });
      }
    }),
  );
  const accepted = Date.now();
  // Processed: the orchestrator consumed, matched and acknowledged every event.
  while ((await consumerBacklog('KALCIFER_EVENTS', 'orchestrator-events')) > 0) await sleep(100);
  const total = batches * EVENT_BATCH;
  return {
    ingested: Math.round(total / ((accepted - started) / 1000)),
    processed: Math.round(total / ((Date.now() - started) / 1000)),
  };
}

async function main() {
  const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const stack = new Stack({
    dbPrefix: PREFIX,
    gatewayPort: port('BENCH_GATEWAY_PORT'),
    grpcPort: port('BENCH_GRPC_PORT'),
    healthPortBase: port('BENCH_HEALTH_PORT_BASE'),
    env: { orchestrator: { LOG_LEVEL: 'warn' } },
    nodeArgs: { orchestrator: ['--expose-gc'] },
  });
  await resetAll(`${PREFIX}_orchestrator`);
  await Promise.all(
    ['scheduler', 'channels', 'api_gateway', 'analytics'].map((s) => dropDatabase(`${PREFIX}_${s}`)),
  );
  const { apiKey } = createWorkspace(`${PREFIX}_api_gateway`, 'kal_benchKey000000000000000000000001');
  process.env.STACK_LOG_LEVEL = 'warn';
  await stack.startAll();
  const withoutAnalytics = process.env.BENCH_WITHOUT_ANALYTICS === '1';
  if (withoutAnalytics) await stack.stop('analytics');
  const api = new Api(stack.gatewayUrl, apiKey);
  try {
    console.log(
      `infrastructure: NATS ${infra.natsUrl}, MongoDB-wire ${infra.mongoUrl}, Redis ${infra.redisUrl}; analytics ${withoutAnalytics ? 'stopped' : 'running'}`,
    );
    const latency = await measureStartLatency(api);
    console.log(
      `journey start latency (request sent -> first node executed), ${LATENCY_SAMPLES} enrollments at ${LATENCY_RATE_PER_S}/s after 50 warm-up: p50 ${latency.p50} ms, p90 ${latency.p90} ms, p99 ${latency.p99} ms, max ${latency.max} ms`,
    );
    const memory = await measureWaitingMemory(api, stack);
    const bytes10k = memory.rss;
    console.log(
      `orchestrator memory per 10,000 waiting instances (${WAITING_INSTANCES} enrolled): RSS growth ${(bytes10k / 1024 / 1024).toFixed(1)} MiB; heap in use after a full GC ${(memory.heap / 1024 / 1024).toFixed(2)} MiB (${Math.round(memory.heap / 10_000)} bytes per instance: instances live in the store, not in the process)`,
    );
    const cpuBefore = cpuSnapshot(stack.pids());
    const events = await measureEventIngest(api);
    const eventCpu = cpuPerUnit(cpuBefore, cpuSnapshot(stack.pids()), EVENTS, 'event');
    const eventsPerSec = events.ingested;
    console.log(
      `events ingested through POST /v1/events/batch (${EVENTS} events, batches of ${EVENT_BATCH}, ${EVENT_CONCURRENCY} concurrent): ${eventsPerSec} events/s accepted; ${events.processed} events/s processed by the orchestrator (all acknowledged)`,
    );
    console.log(eventCpu.line);
    console.log(
      JSON.stringify({
        analytics: !withoutAnalytics,
        eventsPerSec,
        eventsProcessedPerSec: events.processed,
        startP50Ms: latency.p50,
        startP99Ms: latency.p99,
        bytesPerWaitingInstance: Math.round(bytes10k / 10_000),
        bytesPer10kWaitingInstances: bytes10k,
        heapBytesPerWaitingInstance: Math.round(memory.heap / 10_000),
        eventCpuMs: eventCpu.perUnitMs,
      }),
    );
  } finally {
    await stack.stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
