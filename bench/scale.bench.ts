/**
 * Scale (issue [9]): a million customers waiting, and a hundred thousand stepping at once, on this
 * machine, against the real services (processes, via test/support/stack.ts), NATS, the
 * MongoDB-wire server (DocumentDB) and Redis.
 *
 *   npm run build && npm run bench:scale
 *
 * THE WAITING AND ACTIVE INSTANCES ARE SEEDED, NOT ENROLLED: entering a million customers through
 * the API would take over an hour here (enrollment runs ~250-400/s end to end on 2 cores). The
 * journeys are created and published through the API; then, for each customer, the bench runs the
 * engine's own code as EnrollCustomer does (`newInstance` + the interpreter's `step` of
 * @kalcifer/journey on the published version read from the orchestrator's store) and writes what a
 * finished enrollment leaves behind: the instance document with its outbox already published and
 * cleared (revision 1, `at`, JSON state and trace), the scheduler's pending timer document, the
 * customer's entry in the Redis open-instance index (`kalcifer:open:<ws>:<customer>`), and, for the
 * active customers, the profile with an email address (as an enrollment with attributes writes).
 * The journal events of those entries (analytics) are not produced. Everything after the seeding
 * goes through the running services.
 *
 * Part 1 (BENCH_SCALE_WAITING, default 1,000,000; journey: manual entry -> wait P30D -> send_email):
 * orchestrator and scheduler RSS and heap with an empty store, after the seeding, and after a
 * restart of both with the store full (per-instance bytes); then, at that size, 1,000 enrollments
 * through the API (start latency from the instances' traces), 1,000 events to waiting customers
 * (processed until acknowledged), the occupancy read (`GET /v1/journeys/{id}/occupancy`), a
 * migration dry run (`POST /v1/journeys/{id}/versions` with dryRun), MongoDB and Redis sizes.
 * Part 2 (BENCH_SCALE_ACTIVE, default 100,000; journey: manual entry -> wait_for_event `scale_go`
 * (timeout P30D) -> send_email): the event for every one of them through POST /v1/events/batch
 * as fast as the gateway accepts it (429/503 are retried after Retry-After); time until all have
 * completed, steps per second, the orchestrator's peak RSS, and nothing lost: completed instances,
 * send intents in the KALCIFER_SENDS stream, deliveries recorded by the channels service and
 * cancelled timeout timers, each against the count sent.
 *
 * Env: BENCH_SCALE_WAITING, BENCH_SCALE_ACTIVE, BENCH_GATEWAY_PORT / BENCH_GRPC_PORT /
 * BENCH_HEALTH_PORT_BASE (run it beside another stack: e.g. 38380 / 35351 / 39401),
 * BENCH_SCALE_KEEP=1 (keep the bench_scale_* databases and Redis keys at the end), NATS_URL,
 * MONGODB_URL, REDIS_URL, SMTP_URL, MAILPIT_URL. It resets the bus, FLUSHES the Redis database of
 * REDIS_URL and clears Mailpit: point it at infrastructure of its own. The last line printed is
 * one JSON object with every figure.
 */
import { readFileSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { newInstance, sha256Hex, step, type Facts, type PublishedVersion } from '@kalcifer/journey';
import { Api, createWorkspace } from '../test/support/api';
import { consumerBacklog, dropDatabase, infra, resetAll, testMongoUrl } from '../test/support/infra';
import { Stack, type ServiceName } from '../test/support/stack';
import { cpuPerUnit, cpuSnapshot } from './process-cpu';

const PREFIX = 'bench_scale';
const SERVICES = ['orchestrator', 'scheduler', 'channels', 'api_gateway', 'ai_designer', 'analytics'];
const WAITING = Number(process.env.BENCH_SCALE_WAITING ?? 1_000_000);
const ACTIVE = Number(process.env.BENCH_SCALE_ACTIVE ?? 100_000);
const SAMPLE = 1_000;
const SEED_BATCH = 5_000;
const EVENT_BATCH = 1_000;
const EVENT_CONCURRENCY = 4;
const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const print = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const WAIT_GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'hold', type: 'wait', config: { duration: 'P30D' } },
    { id: 'later', type: 'send_email', config: { subject: 'Thirty days later' } },
  ],
  edges: [
    { from: 'entry', to: 'hold', output: 'next' },
    { from: 'hold', to: 'later', output: 'next' },
  ],
};
/** The dry run's v2: a longer wait, same node ids (every instance maps). */
const WAIT_GRAPH_V2 = {
  ...WAIT_GRAPH,
  nodes: WAIT_GRAPH.nodes.map((n) => (n.id === 'hold' ? { ...n, config: { duration: 'P31D' } } : n)),
};
const EVENT_GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'await', type: 'wait_for_event', config: { event: 'scale_go', timeout: 'P30D' } },
    { id: 'go', type: 'send_email', config: { subject: 'Scale go' } },
    { id: 'gave_up', type: 'end', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'await', output: 'next' },
    { from: 'await', to: 'go', output: 'event' },
    { from: 'await', to: 'gave_up', output: 'timeout' },
  ],
};

// --- process memory ---------------------------------------------------------------------------

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Heap in use after a full GC (the services run with --expose-gc here), else 0. */
async function heapAfterGc(stack: Stack, name: ServiceName): Promise<number> {
  const res = await fetch(`${stack.healthUrl(name)}/debug/heap`).catch(() => undefined);
  if (!res?.ok) return 0;
  return ((await res.json()) as { heapUsedBytes: number }).heapUsedBytes;
}

/** nodejs_heap_size_used_bytes from /metrics (no GC first), for a service without /debug/heap. */
async function heapFromMetrics(stack: Stack, name: ServiceName): Promise<number> {
  const res = await fetch(`${stack.healthUrl(name)}/metrics`).catch(() => undefined);
  if (!res?.ok) return 0;
  const line = (await res.text()).split('\n').find((l) => l.startsWith('nodejs_heap_size_used_bytes'));
  return line ? Number(line.split(' ').pop()) : 0;
}

interface Memory {
  orchestratorRss: number;
  orchestratorHeap: number;
  schedulerRss: number;
  schedulerHeap: number;
}

/** Median of 5 RSS readings 1 s apart (after `settleMs`), and heaps. */
async function memory(stack: Stack, settleMs: number): Promise<Memory> {
  await sleep(settleMs);
  const o: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < 5; i++) {
    const pids = stack.pids();
    o.push(rssOf(pids.orchestrator));
    s.push(rssOf(pids.scheduler));
    await sleep(1_000);
  }
  o.sort((a, b) => a - b);
  s.sort((a, b) => a - b);
  const schedulerHeap =
    (await heapAfterGc(stack, 'scheduler')) || (await heapFromMetrics(stack, 'scheduler'));
  return {
    orchestratorRss: o[2],
    orchestratorHeap: await heapAfterGc(stack, 'orchestrator'),
    schedulerRss: s[2],
    schedulerHeap,
  };
}

const memLine = (label: string, m: Memory) =>
  `${label}: orchestrator RSS ${mib(m.orchestratorRss)}, heap after GC ${mib(m.orchestratorHeap)}; ` +
  `scheduler RSS ${mib(m.schedulerRss)}, heap ${mib(m.schedulerHeap)}`;

/** Peak RSS of a process while `sampling` runs (every 250 ms). */
function rssPeak(pid: () => number | undefined): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid()))), 250);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid()));
    },
  };
}

// --- seeding --------------------------------------------------------------------------------------

interface Seeded {
  count: number;
  seconds: number;
  perSecond: number;
}

/**
 * Writes `count` customers into `journeyId` as EnrollCustomer would leave them once its outbox was
 * published: the interpreter's step of a new instance on the published version, the instance
 * document (outbox cleared), the scheduler's timer and the open-instance index entry.
 */
async function seed(args: {
  orch: mongoose.Connection;
  sched: mongoose.Connection;
  redis: Redis;
  workspaceId: string;
  journeyId: string;
  customerPrefix: string;
  count: number;
  withEmail: boolean;
}): Promise<Seeded> {
  const { orch, sched, redis, workspaceId, journeyId, count } = args;
  const versionDoc = await orch.collection('journey_versions').findOne({ journeyId, version: 1 });
  if (!versionDoc) throw new Error(`journey ${journeyId} has no version 1 in the orchestrator's store`);
  const version: PublishedVersion = {
    journeyId,
    version: 1,
    graph: versionDoc.graph as PublishedVersion['graph'],
  };
  const facts: Facts = { customer: {}, journeyPaused: false, workspaceTimezone: 'UTC', runCode: undefined };
  const instances = orch.collection('instances');
  const customers = orch.collection('customers');
  const timers = sched.collection('timers');
  const t0 = Date.now();
  // Up to 3 batches written at once while the next is computed.
  const inFlight = new Set<Promise<unknown>>();
  for (let start = 0; start < count; start += SEED_BATCH) {
    const now = Date.now();
    const instanceDocs: Record<string, unknown>[] = [];
    const timerDocs: Record<string, unknown>[] = [];
    const customerDocs: Record<string, unknown>[] = [];
    const index = redis.pipeline();
    for (let i = start; i < Math.min(count, start + SEED_BATCH); i++) {
      const customerId = `${args.customerPrefix}-${i}`;
      const entryKey = `enroll:seed-${args.customerPrefix}-${i}`;
      const id = `in_${sha256Hex(`${workspaceId}|${journeyId}|${entryKey}`).slice(0, 24)}`;
      const attributes = args.withEmail ? { email: `${customerId}@scale.test` } : {};
      const fresh = newInstance({ id, workspaceId, journeyId, version: 1, customerId, now });
      const result = step(
        version,
        fresh,
        { kind: 'enter', id: `enter:${entryKey}`, entryNodeId: 'entry', context: {} },
        now,
        { ...facts, customer: attributes },
      );
      const state = result.instance;
      if (state.status !== 'waiting') throw new Error(`seeded instance is ${state.status}, not waiting`);
      instanceDocs.push({
        _id: id,
        workspaceId,
        journeyId,
        version: 1,
        customerId,
        status: state.status,
        at: [...new Set(state.tokens.map((t) => t.nodeId))],
        state: JSON.stringify(state),
        revision: 1,
        outbox: '[]',
        hasOutbox: false,
        trace: result.trace.map((t) => JSON.stringify({ ...t, version: 1 })),
        updatedAt: new Date(now),
      });
      for (const effect of result.effects) {
        if (effect.kind !== 'schedule_timer') continue;
        timerDocs.push({
          _id: effect.timerId,
          workspaceId,
          instanceId: id,
          tokenId: effect.tokenId,
          nodeId: effect.nodeId,
          dueAt: new Date(effect.dueAt),
          status: 'pending',
          rev: 1,
          createdAt: new Date(now),
        });
      }
      if (args.withEmail)
        customerDocs.push({
          _id: `${workspaceId}:${customerId}`,
          workspaceId,
          customerId,
          attributes,
          createdAt: new Date(now),
          updatedAt: new Date(now),
        });
      index.sadd(`kalcifer:open:${workspaceId}:${customerId}`, id);
    }
    while (inFlight.size >= 3) await Promise.race(inFlight);
    const write: Promise<unknown> = Promise.all([
      instances.insertMany(instanceDocs, { ordered: false }),
      timers.insertMany(timerDocs, { ordered: false }),
      customerDocs.length > 0 ? customers.insertMany(customerDocs, { ordered: false }) : undefined,
      index.exec(),
    ]).finally(() => inFlight.delete(write));
    inFlight.add(write);
    if ((start / SEED_BATCH) % 20 === 19)
      print(
        `  seeded ${start + SEED_BATCH} (${Math.round((start + SEED_BATCH) / ((Date.now() - t0) / 1000))}/s)`,
      );
  }
  await Promise.all(inFlight);
  const seconds = (Date.now() - t0) / 1000;
  return { count, seconds, perSecond: Math.round(count / seconds) };
}

// --- helpers through the API ---------------------------------------------------------------------

/** A request retried while the gateway pushes back (429/503 with Retry-After). */
async function postPushedBack(api: Api, route: string, body: unknown): Promise<{ retries: number }> {
  let retries = 0;
  for (;;) {
    const res = await fetch(`${api.baseUrl}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status < 300) return { retries };
    if (res.status !== 429 && res.status !== 503) throw new Error(`POST ${route} -> ${res.status} ${text}`);
    retries++;
    await sleep(Math.min(5_000, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

/** Waits (up to 5 min) until the orchestrator uses under 20% of a core over 5 s; answers the ms waited. */
async function untilOrchestratorIdle(stack: Stack): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < 300_000) {
    const pid = { orchestrator: stack.pids().orchestrator };
    const before = cpuSnapshot(pid).orchestrator ?? 0;
    await sleep(5_000);
    if (((cpuSnapshot(pid).orchestrator ?? 0) - before) / 5_000 < 0.2) break;
  }
  return Date.now() - t0;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = Date.now();
  const value = await fn();
  return { ms: Date.now() - t0, value };
}

async function dbSize(
  conn: mongoose.Connection,
): Promise<{ dataMiB: number; storageMiB: number; indexMiB: number }> {
  const s = (await conn.db!.stats()) as { dataSize?: number; storageSize?: number; indexSize?: number };
  const m = (n: number | undefined) => Number(((n ?? 0) / 1024 / 1024).toFixed(1));
  return { dataMiB: m(s.dataSize), storageMiB: m(s.storageSize), indexMiB: m(s.indexSize) };
}

async function sendsInStream(workspaceId: string): Promise<number> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('KALCIFER_SENDS', {
      subjects_filter: `kalcifer.${workspaceId}.sends.email`,
    });
    return info.state.subjects?.[`kalcifer.${workspaceId}.sends.email`] ?? 0;
  } finally {
    await nc.close();
  }
}

// --- the bench -----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = Date.now();
  process.env.STACK_LOG_LEVEL ??= 'warn';
  const stack = new Stack({
    dbPrefix: PREFIX,
    gatewayPort: port('BENCH_GATEWAY_PORT'),
    grpcPort: port('BENCH_GRPC_PORT'),
    healthPortBase: port('BENCH_HEALTH_PORT_BASE'),
    nodeArgs: { orchestrator: ['--expose-gc'], scheduler: ['--expose-gc'] },
    env: { orchestrator: { LOG_LEVEL: 'warn' } },
  });
  await resetAll(`${PREFIX}_orchestrator`);
  await Promise.all(SERVICES.slice(1).map((s) => dropDatabase(`${PREFIX}_${s}`)));
  const { apiKey, workspaceId } = createWorkspace(
    `${PREFIX}_api_gateway`,
    'kal_benchScaleKey0000000000000000001',
  );
  // A service that fails to start (a port taken) must not leave the others running.
  await stack.startAll().catch(async (err: unknown) => {
    await stack.stopAll();
    throw err;
  });
  const orch = await mongoose.createConnection(testMongoUrl(`${PREFIX}_orchestrator`)).asPromise();
  const sched = await mongoose.createConnection(testMongoUrl(`${PREFIX}_scheduler`)).asPromise();
  const chan = await mongoose.createConnection(testMongoUrl(`${PREFIX}_channels`)).asPromise();
  const redis = new Redis(infra.redisUrl);
  const out: Record<string, unknown> = { waiting: WAITING, active: ACTIVE, seeded: true };
  try {
    const api = new Api(stack.gatewayUrl, apiKey);
    print(`infrastructure: NATS ${infra.natsUrl}, MongoDB-wire ${infra.mongoUrl}, Redis ${infra.redisUrl}`);
    print(
      `gateway ${stack.gatewayUrl}; ${WAITING} waiting + ${ACTIVE} active instances (SEEDED, not enrolled)`,
    );
    const waitJourney = await api.launchJourney('scale: wait 30 days', WAIT_GRAPH);
    const eventJourney = await api.launchJourney('scale: wait for scale_go', EVENT_GRAPH);

    // ---- Part 1: a million waiting ----
    const empty = await memory(stack, 10_000);
    print(memLine('empty store, settled', empty));
    const seededWaiting = await seed({
      orch,
      sched,
      redis,
      workspaceId,
      journeyId: waitJourney,
      customerPrefix: 'w',
      count: WAITING,
      withEmail: false,
    });
    print(
      `SEEDED (not enrolled) ${WAITING} waiting instances (wait P30D) with their timers and index entries ` +
        `in ${seededWaiting.seconds.toFixed(1)} s = ${seededWaiting.perSecond}/s`,
    );
    const [instancesCount, pendingTimers, indexKeys] = await Promise.all([
      orch.collection('instances').countDocuments({ journeyId: waitJourney, status: 'waiting' }),
      sched.collection('timers').countDocuments({ status: 'pending' }),
      redis.dbsize(),
    ]);
    print(
      `store holds ${instancesCount} waiting instances, ${pendingTimers} pending timers; Redis keys ${indexKeys}`,
    );
    const full = await memory(stack, 15_000);
    print(memLine(`${WAITING} waiting, services running through the seeding, settled`, full));
    const perInstance = (a: number, b: number) => Number(((b - a) / WAITING).toFixed(2));

    // A restart of both with the store full: what a deploy or crash would find.
    const restart = await timed(async () => {
      await stack.stop('orchestrator');
      await stack.stop('scheduler');
      await stack.start('orchestrator');
      await stack.start('scheduler');
    });
    print(`orchestrator + scheduler restarted with ${WAITING} waiting: ready in ${restart.ms} ms`);
    const restarted = await memory(stack, 20_000);
    print(memLine(`${WAITING} waiting, after the restart, settled`, restarted));
    print(
      `per waiting instance (after restart vs empty): orchestrator RSS ${perInstance(empty.orchestratorRss, restarted.orchestratorRss)} B, ` +
        `heap ${perInstance(empty.orchestratorHeap, restarted.orchestratorHeap)} B; scheduler RSS ` +
        `${perInstance(empty.schedulerRss, restarted.schedulerRss)} B, heap ${perInstance(empty.schedulerHeap, restarted.schedulerHeap)} B`,
    );

    // 1,000 enrollments through the API at 100/s; start latency from each instance's first trace line.
    const sentAt = new Map<string, number>();
    const posts: Promise<unknown>[] = [];
    for (let i = 0; i < SAMPLE; i++) {
      const customerId = `new-${i}`;
      sentAt.set(customerId, Date.now());
      posts.push(api.ok('POST', `/v1/journeys/${waitJourney}/enrollments`, { customerId }));
      await sleep(10);
    }
    await Promise.all(posts);
    const enrolled = await timed(async () => {
      for (let k = 0; k < 600; k++) {
        const n = await orch
          .collection('instances')
          .countDocuments({ journeyId: waitJourney, customerId: { $in: [...sentAt.keys()] } });
        if (n >= SAMPLE) return n;
        await sleep(500);
      }
      return -1;
    });
    const latencies: number[] = [];
    for await (const doc of orch
      .collection('instances')
      .find(
        { journeyId: waitJourney, customerId: { $in: [...sentAt.keys()] } },
        { projection: { customerId: 1, trace: 1 } },
      )) {
      const first = (doc.trace as string[])
        .map((t) => JSON.parse(t) as { type: string; at: number | string })
        .find((t) => t.type === 'node_entered');
      const t0 = sentAt.get(doc.customerId as string);
      if (first && t0 !== undefined) latencies.push(new Date(first.at).getTime() - t0);
    }
    latencies.sort((a, b) => a - b);
    const start = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
    };
    print(
      `${SAMPLE} enrollments through the API at 100/s with ${WAITING} waiting: ${latencies.length} started; ` +
        `start latency p50 ${start.p50} ms, p99 ${start.p99} ms, max ${start.max} ms`,
    );
    if (enrolled.value < 0) print(`  NOT ALL STARTED within 5 min`);

    // 1,000 events to customers among the million (they wait on a timer: matched, nothing moves).
    const ev = await timed(async () => {
      const events = Array.from({ length: SAMPLE }, (_, k) => ({
        customerId: `w-${Math.floor((k * WAITING) / SAMPLE)}`,
        name: 'page_viewed',
        properties: { k },
      }));
      await postPushedBack(api, '/v1/events/batch', { events });
      while ((await consumerBacklog('KALCIFER_EVENTS', 'orchestrator-events')) > 0) await sleep(100);
    });
    print(
      `${SAMPLE} events to waiting customers among ${WAITING}: all processed and acknowledged in ${ev.ms} ms`,
    );

    const occ = await timed(() =>
      api.call<{ total?: number }>('GET', `/v1/journeys/${waitJourney}/occupancy`),
    );
    print(
      `GET /v1/journeys/{id}/occupancy over ${WAITING + SAMPLE}: HTTP ${occ.value.status} in ${occ.ms} ms: ${JSON.stringify(occ.value.body).slice(0, 300)}`,
    );

    await api.ok('PUT', `/v1/journeys/${waitJourney}/draft`, { graph: WAIT_GRAPH_V2 });
    const dry = await timed(() =>
      api.call('POST', `/v1/journeys/${waitJourney}/versions`, { strategy: 'migrate_all', dryRun: true }),
    );
    print(
      `migration dry run (migrate_all, P30D -> P31D) over ${WAITING + SAMPLE}: HTTP ${dry.value.status} in ${dry.ms} ms: ${JSON.stringify((dry.value.body as { plan?: unknown; error?: unknown }).plan ?? dry.value.body).slice(0, 400)}`,
    );

    // A dry run past the gateway's deadline may still be computing in the orchestrator.
    const idleMs = await untilOrchestratorIdle(stack);
    print(`orchestrator idle again ${idleMs} ms after the dry run's answer`);
    const [orchDb, schedDb, redisInfo] = await Promise.all([
      dbSize(orch),
      dbSize(sched),
      redis.info('memory'),
    ]);
    const redisUsed = Number(/used_memory:(\d+)/.exec(redisInfo)?.[1] ?? 0);
    const redisKeys = await redis.dbsize();
    print(
      `sizes: orchestrator DB ${JSON.stringify(orchDb)}, scheduler DB ${JSON.stringify(schedDb)}, ` +
        `Redis ${mib(redisUsed)} in ${redisKeys} keys`,
    );
    Object.assign(out, {
      seedPerSecond: seededWaiting.perSecond,
      seedSeconds: Number(seededWaiting.seconds.toFixed(1)),
      memoryEmpty: empty,
      memoryFull: full,
      memoryAfterRestart: restarted,
      restartReadyMs: restart.ms,
      orchestratorRssBytesPerWaiting: perInstance(empty.orchestratorRss, restarted.orchestratorRss),
      orchestratorHeapBytesPerWaiting: perInstance(empty.orchestratorHeap, restarted.orchestratorHeap),
      schedulerRssBytesPerWaiting: perInstance(empty.schedulerRss, restarted.schedulerRss),
      startLatencyMs: { ...start, started: latencies.length, of: SAMPLE },
      eventsToWaiting1000Ms: ev.ms,
      occupancy: { status: occ.value.status, ms: occ.ms },
      dryRun: { status: dry.value.status, ms: dry.ms, orchestratorIdleAfterMs: idleMs },
      orchestratorDb: orchDb,
      schedulerDb: schedDb,
      redisUsedMiB: Number((redisUsed / 1024 / 1024).toFixed(1)),
      redisKeys,
    });

    // ---- Part 2: a hundred thousand stepping ----
    const seededActive = await seed({
      orch,
      sched,
      redis,
      workspaceId,
      journeyId: eventJourney,
      customerPrefix: 'a',
      count: ACTIVE,
      withEmail: true,
    });
    print(
      `SEEDED (not enrolled) ${ACTIVE} instances waiting for scale_go (timeout P30D), profiles with email, ` +
        `in ${seededActive.seconds.toFixed(1)} s = ${seededActive.perSecond}/s`,
    );
    await sleep(5_000);
    const before = rssOf(stack.pids().orchestrator);
    const peak = rssPeak(() => stack.pids().orchestrator);
    const cpu0 = cpuSnapshot(stack.pids());
    const t0 = Date.now();
    let next = 0;
    let retries = 0;
    const batches = Math.ceil(ACTIVE / EVENT_BATCH);
    await Promise.all(
      Array.from({ length: EVENT_CONCURRENCY }, async () => {
        for (let b = next++; b < batches; b = next++) {
          const events = Array.from({ length: Math.min(EVENT_BATCH, ACTIVE - b * EVENT_BATCH) }, (_, k) => ({
            customerId: `a-${b * EVENT_BATCH + k}`,
            name: 'scale_go',
            properties: { b },
          }));
          retries += (await postPushedBack(api, '/v1/events/batch', { events })).retries;
        }
      }),
    );
    const acceptedMs = Date.now() - t0;
    print(
      `${ACTIVE} scale_go events accepted by POST /v1/events/batch in ${acceptedMs} ms = ` +
        `${Math.round(ACTIVE / (acceptedMs / 1000))}/s (${retries} pushed-back requests retried)`,
    );
    const instances = orch.collection('instances');
    const completedCount = () => instances.countDocuments({ journeyId: eventJourney, status: 'completed' });
    let completed = 0;
    let lastChange = Date.now();
    for (;;) {
      const n = await completedCount();
      if (n !== completed) lastChange = Date.now();
      completed = n;
      if (completed >= ACTIVE || Date.now() - lastChange > 120_000) break;
      await sleep(1_000);
    }
    const stepMs = Date.now() - t0;
    const peakRss = peak.stop();
    const stepCpu = cpuPerUnit(cpu0, cpuSnapshot(stack.pids()), Math.max(1, completed), 'step');
    const stepsPerSecond = Math.round(completed / (stepMs / 1000));
    print(
      `${completed}/${ACTIVE} completed ${(stepMs / 1000).toFixed(1)} s after the first event = ${stepsPerSecond} steps/s ` +
        `(each: event matched, step, send intent, timer cancel, completion); orchestrator RSS ${mib(before)} before, peak ${mib(peakRss)}`,
    );
    print(stepCpu.line);
    // Nothing lost: send intents, deliveries, cancelled timeout timers.
    let streamSends = 0;
    let deliveries = 0;
    let cancelled = 0;
    const settleDeadline = Date.now() + 180_000;
    for (;;) {
      [streamSends, deliveries, cancelled] = await Promise.all([
        sendsInStream(workspaceId),
        chan.collection('deliveries').countDocuments({ workspaceId }),
        sched.collection('timers').countDocuments({ status: 'cancelled' }),
      ]);
      if ((deliveries >= ACTIVE && cancelled >= ACTIVE) || Date.now() > settleDeadline) break;
      await sleep(2_000);
    }
    const byStatus = await chan
      .collection('deliveries')
      .aggregate<{ _id: string; n: number }>([
        { $match: { workspaceId } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ])
      .toArray();
    const stillWaiting = await instances.countDocuments({ journeyId: eventJourney, status: 'waiting' });
    print(
      `nothing lost: completed ${completed} (still waiting ${stillWaiting}), send intents in KALCIFER_SENDS ${streamSends}, ` +
        `deliveries recorded by channels ${deliveries} (${byStatus.map((s) => `${s._id} ${s.n}`).join(', ')}), ` +
        `timeout timers cancelled ${cancelled}, of ${ACTIVE} (${((Date.now() - t0) / 1000).toFixed(1)} s after the first event)`,
    );
    Object.assign(out, {
      activeSeedPerSecond: seededActive.perSecond,
      eventsAcceptedPerSecond: Math.round(ACTIVE / (acceptedMs / 1000)),
      eventsPushedBack: retries,
      activeCompleted: completed,
      activeSeconds: Number((stepMs / 1000).toFixed(1)),
      stepsPerSecond,
      stepCpuMs: stepCpu.perUnitMs,
      orchestratorRssBeforeMiB: Number((before / 1024 / 1024).toFixed(1)),
      orchestratorRssPeakMiB: Number((peakRss / 1024 / 1024).toFixed(1)),
      sendIntents: streamSends,
      deliveries,
      deliveriesByStatus: Object.fromEntries(byStatus.map((s) => [s._id, s.n])),
      timersCancelled: cancelled,
      totalSeconds: Math.round((Date.now() - benchStarted) / 1000),
    });
    print(JSON.stringify(out));
  } finally {
    await stack.stopAll();
    await Promise.all([orch.close(), sched.close(), chan.close()]);
    if (process.env.BENCH_SCALE_KEEP !== '1') {
      await Promise.all(SERVICES.map((s) => dropDatabase(`${PREFIX}_${s}`)));
      await redis.flushdb();
    }
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
