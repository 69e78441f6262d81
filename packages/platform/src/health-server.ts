import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { registerCommandLatencyMetrics } from './command-latency';
import { mongoCommandCounts } from './mongo';
import { registerConsumerLagMetrics } from './nats/consumer-lag';

export type ReadinessCheck = () => Promise<boolean> | boolean;

/** A check that has not answered within this long has failed (a hung dependency, not a slow probe). */
const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(check)
        .catch(() => false),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthServer {
  port: number;
  registry: Registry;
  close(): Promise<void>;
}

/**
 * /healthz (process alive), /readyz (dependencies answer), /metrics (Prometheus), and, only in a
 * process started with `--expose-gc` (benchmarks), /debug/heap: a full GC, then the heap in use;
 * with MONGODB_COMMAND_COUNTS=1, /debug/mongo-commands: the Mongo commands sent so far.
 */
export async function startHealthServer(
  service: string,
  port: number,
  checks: Record<string, ReadinessCheck>,
  registry: Registry = new Registry(),
  host = '127.0.0.1',
): Promise<HealthServer> {
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  registerConsumerLagMetrics(registry);
  registerCommandLatencyMetrics(registry);
  registerReadinessMetrics(registry, checks);
  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.url === '/healthz') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'ok', service }));
      } else if (req.url === '/readyz') {
        const results: Record<string, boolean> = {};
        for (const [name, check] of Object.entries(checks)) {
          results[name] = await runCheck(check);
        }
        const ok = Object.values(results).every(Boolean);
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ready' : 'not_ready', checks: results }));
      } else if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
      } else if (req.url === '/debug/heap' && typeof globalThis.gc === 'function') {
        globalThis.gc();
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ heapUsedBytes: process.memoryUsage().heapUsed }));
      } else if (req.url === '/debug/mongo-commands' && process.env.MONGODB_COMMAND_COUNTS === '1') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(Object.fromEntries(mongoCommandCounts)));
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    registry,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Each readiness check run again when scraped: whether it passed, and how long it took (for checks
 * that ping their dependency, that is the MongoDB, Redis or NATS round trip, measured once per
 * scrape instead of per command).
 */
export function registerReadinessMetrics(registry: Registry, checks: Record<string, ReadinessCheck>): void {
  const labelNames = ['dependency'] as const;
  const up = new Gauge({
    name: 'kalcifer_dependency_up',
    help: 'Whether the readiness check of this dependency passed (1) or not (0) at the last scrape',
    labelNames,
    registers: [registry],
    collect: () => measure(),
  });
  const seconds = new Gauge({
    name: 'kalcifer_dependency_check_seconds',
    help: 'How long the readiness check of this dependency took at the last scrape (a ping: its latency)',
    labelNames,
    registers: [registry],
    collect: () => measure(),
  });
  // prom-client collects every metric at once: both gauges wait for one round of checks.
  const measure = oncePerScrape(async () => {
    await Promise.all(
      Object.entries(checks).map(async ([dependency, check]) => {
        const started = process.hrtime.bigint();
        const ok = await runCheck(check);
        up.set({ dependency }, ok ? 1 : 0);
        seconds.set({ dependency }, Number(process.hrtime.bigint() - started) / 1e9);
      }),
    );
  });
}

/** `work` shared by the callers that arrive while it runs (the metrics of one scrape). */
function oncePerScrape(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work().finally(() => (running = undefined)));
}
