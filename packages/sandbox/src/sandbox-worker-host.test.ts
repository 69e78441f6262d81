import type { WorkerRunRequest } from './run-protocol';
import { SandboxWorkerHost } from './sandbox-worker-host';

const request: Omit<WorkerRunRequest, 'id'> = {
  code: "return { output: 'next' }",
  inputJson: '{}',
  timeoutMs: 1000,
  memoryBytes: 16 * 1024 * 1024,
  maxStackBytes: 128 * 1024,
  maxOutputChars: 64 * 1024,
  now: 0,
  seed: 's',
};

describe('SandboxWorkerHost', () => {
  let host: SandboxWorkerHost;

  beforeEach(async () => {
    host = SandboxWorkerHost.start(16);
    expect(await host.waitReadyAsync(10_000)).toBe(true);
  });
  afterEach(async () => {
    await host.terminate();
  });

  it('answers a request synchronously', () => {
    expect(host.call(request, 5000)).toEqual({
      id: 1,
      outcome: { kind: 'ok', json: '{"output":"next"}' },
      logs: [],
      fatal: false,
    });
    expect(host.call(request, 5000)).toMatchObject({ id: 2, fatal: false });
  });

  it('answers fatal when the binding itself fails, exits, and reports itself dead to the next call', () => {
    const broken = { ...request, code: undefined as unknown as string };
    expect(host.call(broken, 5000)).toMatchObject({ fatal: true, outcome: { kind: 'sandbox' } });
    const started = Date.now();
    expect(host.call(request, 5000)).toBe('dead');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up after the wait when the worker does not answer', () => {
    const stuck = { ...request, code: "return new Array(2 ** 32 - 1).join('')", timeoutMs: 10 };
    const started = Date.now();
    expect(host.call(stuck, 200)).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
