/**
 * Event-ingestion benchmark: starts the gateway as its own process (node dist/main.js), sends
 * events over loopback HTTP for a fixed time per scenario, and prints throughput, request
 * latency (p50/p99), the gateway's memory, and whether JetStream holds every accepted event.
 *
 *   npm run -w @kalcifer/api-gateway build && node services/api-gateway/dist/bench/ingest-events.bench.js
 *
 * Env: NATS_URL, MONGODB_URL (the gateway's), BENCH_SECONDS (per scenario, default 10).
 * Bounded: fixed duration per scenario, loopback only; it stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DeliverPolicy } from '@nats-io/jetstream';
import { STREAMS, subjects } from '@kalcifer/contracts';
import { connectBus, connectMongo } from '@kalcifer/platform';
import { createWorkspace } from '../application/create-workspace';
import { loadGatewayConfig } from '../config';
import { MongoWorkspaceStore } from '../infrastructure/mongo-workspace-store';

const DB = 'kalcifer_gateway_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Scenario {
  name: string;
  batch: number;
  concurrency: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'POST /v1/events (one event per request)', batch: 1, concurrency: 32 },
  { name: 'POST /v1/events/batch x100', batch: 100, concurrency: 8 },
  { name: 'POST /v1/events/batch x1000', batch: 1000, concurrency: 4 },
];

const print = (line: string) => process.stdout.write(`${line}\n`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('gateway did not start within 30 s');
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One POST over a keep-alive agent (node:http costs the load generator less CPU than fetch). */
function post(agent: Agent, port: number, path: string, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(
  port: number,
  key: string,
  s: Scenario,
): Promise<{ events: number; failures: number; latencies: number[] }> {
  const path = s.batch === 1 ? '/v1/events' : '/v1/events/batch';
  const agent = new Agent({ keepAlive: true, maxSockets: s.concurrency });
  const latencies: number[] = [];
  let events = 0;
  let failures = 0;
  let seq = 0;
  const until = Date.now() + SECONDS * 1000;
  const worker = async (w: number) => {
    while (Date.now() < until) {
      const make = () => ({
        customerId: `c${w}-${seq % 997}`,
        name: 'page_viewed',
        properties: { seq: seq++, path: '/pricing' },
      });
      const body = JSON.stringify(s.batch === 1 ? make() : { events: Array.from({ length: s.batch }, make) });
      const started = performance.now();
      const status = await post(agent, port, path, key, body);
      latencies.push(performance.now() - started);
      if (status === 202) events += s.batch;
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: s.concurrency }, (_, w) => worker(w)));
  agent.destroy();
  return { events, failures, latencies: latencies.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const mongo = await connectMongo(config.MONGODB_URL, DB);
  await mongo.dropDatabase();
  const { apiKey, workspaceId } = await createWorkspace(new MongoWorkspaceStore(mongo), { name: 'Bench' });
  await mongo.close();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(__dirname, '..', 'main.js')], {
    env: {
      ...process.env,
      HTTP_PORT: String(port),
      PUBLIC_GRPC_PORT: '0',
      MONGODB_DB: DB,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const bus = await connectBus(config.NATS_URL, 'ingest-bench');
  try {
    await waitReady(url, child);
    const { jsm } = bus;
    const subject = subjects.events(workspaceId);
    const lastSeq = async () => (await jsm.streams.info(STREAMS.events.name)).state.last_seq;
    /** Events the workspace's messages after `fromSeq` carry (a message holds one or a batch). */
    const storedSince = async (fromSeq: number) => {
      const last = await lastSeq();
      if (last <= fromSeq) return 0;
      const consumer = await bus.js.consumers.get(STREAMS.events.name, {
        filter_subjects: [subject],
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: fromSeq + 1,
      });
      let events = 0;
      const messages = await consumer.consume();
      for await (const m of messages) {
        const body = m.json<{ events?: unknown[] }>();
        events += body.events?.length ?? 1;
        if (m.info.pending === 0) break;
      }
      return events;
    };
    const before = await lastSeq();
    print(`gateway pid ${child.pid}, ${SECONDS} s per scenario, node ${process.version}`);
    let accepted = 0;
    for (const scenario of SCENARIOS) {
      const r = await run(port, apiKey, scenario);
      accepted += r.events;
      print(
        `${scenario.name}, concurrency ${scenario.concurrency}: ${Math.round(r.events / SECONDS)} events/s, ` +
          `${Math.round(r.latencies.length / SECONDS)} req/s, p50 ${percentile(r.latencies, 50).toFixed(1)} ms, ` +
          `p99 ${percentile(r.latencies, 99).toFixed(1)} ms, failed requests ${r.failures}, gateway RSS ${rssMb(child.pid!)} MB`,
      );
    }
    const inStream = await storedSince(before);
    print(
      `accepted ${accepted} events; JetStream holds ${inStream} for the workspace (${inStream === accepted ? 'none lost' : 'MISMATCH'})`,
    );
  } finally {
    child.kill('SIGTERM');
    await bus.nc.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
