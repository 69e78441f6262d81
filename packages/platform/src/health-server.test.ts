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
});
