import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { mongoCommandCounts } from './mongo';

export type ReadinessCheck = () => Promise<boolean> | boolean;

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
  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.url === '/healthz') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'ok', service }));
      } else if (req.url === '/readyz') {
        const results: Record<string, boolean> = {};
        for (const [name, check] of Object.entries(checks)) {
          results[name] = await Promise.resolve(check()).catch(() => false);
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
