import type { SandboxCodeRunner } from './code-runner-types';
import { createCodeRunner } from './create-code-runner';

const MB = 1024 * 1024;
let runner: SandboxCodeRunner;

beforeAll(async () => {
  runner = await createCodeRunner({ hardKillGraceMs: 300 });
});
afterAll(async () => {
  await runner.dispose();
});

function run(code: string, timeoutMs = 100, memoryBytes = 16 * MB) {
  return runner({ code, input: { customer: {} }, timeoutMs, memoryBytes });
}

function expectStillWorking(): void {
  // Generous: after a restart the new worker starts first, which takes seconds on a loaded machine.
  expect(run("return { output: 'next' }", 10_000)).toEqual({ ok: true, value: { output: 'next' } });
}

describe('CPU time', () => {
  it.each([
    ['while (true) {}'],
    ['for (;;) {}'],
    ['for (;;) { try { for (;;) {} } catch (e) {} }'],
    ['function f() { try { for (;;) {} } finally { f() } } f()'],
    ["/(a+)+$/.test('a'.repeat(40) + 'b')"],
    ['new Proxy({}, { get() { for (;;) {} } }).x'],
    ['let a = []; for (;;) a.push(a.length)'],
  ])('stops %s at the deadline', (code) => {
    const started = Date.now();
    expect(run(code)).toEqual({
      ok: false,
      kind: 'timeout',
      error: 'custom code ran longer than 100 ms and was stopped',
    });
    expect(Date.now() - started).toBeLessThan(100 + 300 + 2000); // deadline + grace + a loaded machine
    expectStillWorking();
  });

  it('terminates the worker when a native built-in ignores the deadline, then runs the next program', () => {
    const restartsBefore = runner.stats().workerRestarts;
    expect(run("return new Array(2 ** 32 - 1).join('').length", 50)).toEqual({
      ok: false,
      kind: 'timeout',
      error: 'custom code ran longer than 50 ms and was stopped',
    });
    expect(runner.stats().workerRestarts).toBe(restartsBefore + 1);
    expectStillWorking();
  });
});

describe('memory', () => {
  it.each([
    ['new Array(1e9).fill(1)'],
    ['new ArrayBuffer(1 << 30)'],
    ["let s = 'x'.repeat(1 << 20); const keep = []; for (;;) keep.push(s + keep.length)"],
    ['const a = []; for (let i = 0; i < 1e7; i++) a.push({ i })'],
  ])('stops %s at the memory limit', (code) => {
    expect(run(code, 10_000)).toEqual({
      // the limit is reached in well under a second; generous for a loaded machine
      ok: false,
      kind: 'memory',
      error: 'custom code used more than 16 MB of memory',
    });
    expectStillWorking();
  });

  it("refuses 'x'.repeat(1 << 30) as QuickJS does (strings stop at 2^30 - 1 characters)", () => {
    expect(run("return 'x'.repeat(1 << 30)", 2000)).toMatchObject({
      ok: false,
      kind: 'threw',
      error: expect.stringContaining('RangeError: invalid string length'),
    });
    expectStillWorking();
  });

  it('names the limit that was asked for', () => {
    expect(run('new Array(1e9).fill(1)', 2000, 4 * MB)).toMatchObject({
      error: 'custom code used more than 4 MB of memory',
    });
  });

  it('lets code catch its own failed allocation and carry on within the limit', () => {
    expect(run("try { new ArrayBuffer(1 << 30) } catch (e) { return 'caught ' + e.message }", 1000)).toEqual({
      ok: true,
      value: 'caught out of memory',
    });
  });
});

describe('stack', () => {
  it('stops endless recursion', () => {
    expect(run('function f() { return f() + 1 } return f()', 1000)).toEqual({
      ok: false,
      kind: 'stack',
      error: 'custom code recursed too deeply (stack overflow)',
    });
    expectStillWorking();
  });

  it('allows ordinary recursion a few hundred calls deep', () => {
    expect(run('function f(n) { return n ? 1 + f(n - 1) : 0 } return f(500)', 1000)).toEqual({
      ok: true,
      value: 500,
    });
  });

  it.each([
    ["eval('['.repeat(1e5) + ']'.repeat(1e5))"],
    ["JSON.parse('['.repeat(1e5) + ']'.repeat(1e5))"],
    ['let o = 1; for (let i = 0; i < 1e5; i++) o = [o]; return JSON.stringify(o).length'],
    ['let p = {}; for (let i = 0; i < 1e5; i++) p = new Proxy(p, {}); return p.x'],
    ["eval('-'.repeat(1e5) + '1')"],
  ])('deeply nested structures fail inside the VM without hurting the host: %s', (code) => {
    const result = run(code, 10_000); // overflows in well under a second; generous for a loaded machine
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ error: expect.stringMatching(/stack overflow/) });
    expectStillWorking();
  });

  it('a deeply nested program is a syntax error', () => {
    expect(run('return ' + '['.repeat(100_000) + ']'.repeat(100_000), 2000)).toMatchObject({
      ok: false,
      kind: 'syntax',
      error: expect.stringContaining('syntax error in custom code: stack overflow'),
    });
    expectStillWorking();
  });
});
