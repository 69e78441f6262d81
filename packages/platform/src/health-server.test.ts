import { startHealthServer } from './health-server';

describe('health server', () => {
  const g = globalThis as { gc?: () => void };
  const original = g.gc;
  afterEach(() => {
    g.gc = original;
  });

  it('answers /debug/heap only in a process started with --expose-gc, after collecting', async () => {
    g.gc = undefined;
    const server = await startHealthServer('test', 0, {});
    try {
      const url = `http://127.0.0.1:${server.port}/debug/heap`;
      expect((await fetch(url)).status).toBe(404);
      const gc = jest.fn();
      g.gc = gc;
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { heapUsedBytes: number }).heapUsedBytes).toBeGreaterThan(0);
      expect(gc).toHaveBeenCalledTimes(1);
    } finally {
      await server.close();
    }
  });

  it('listens on loopback by default, and on the address HEALTH_HOST names (0.0.0.0 in a container)', async () => {
    const reachable = (host: string, port: number) =>
      fetch(`http://${host}:${port}/healthz`).then(
        (r) => r.status,
        () => 'refused',
      );
    const loopback = await startHealthServer('test', 0, {});
    const other = await startHealthServer('test', 0, {}, undefined, '127.0.0.2');
    try {
      expect(await reachable('127.0.0.1', loopback.port)).toBe(200);
      expect(await reachable('127.0.0.2', loopback.port)).toBe('refused');
      expect(await reachable('127.0.0.2', other.port)).toBe(200);
      expect(await reachable('127.0.0.1', other.port)).toBe('refused');
    } finally {
      await loopback.close();
      await other.close();
    }
  });

  it("is not ready while a dependency hangs (2 s at most), and says so in /metrics with each check's time", async () => {
    const server = await startHealthServer('test', 0, {
      mongo: () => Promise.resolve(true),
      redis: () => new Promise<boolean>(() => undefined),
    });
    try {
      const started = Date.now();
      const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not_ready', checks: { mongo: true, redis: false } });
      expect(Date.now() - started).toBeLessThan(3_000);
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(metrics).toMatch(/kalcifer_dependency_up\{dependency="mongo",service="test"\} 1/);
      expect(metrics).toMatch(/kalcifer_dependency_up\{dependency="redis",service="test"\} 0/);
      expect(metrics).toMatch(
        /kalcifer_dependency_check_seconds\{dependency="redis",service="test"\} (1\.9|2\.)/,
      );
      expect(metrics).toContain('nodejs_eventloop_lag_seconds');
    } finally {
      await server.close();
    }
  }, 10_000);
});
