import type { SandboxCodeRunner } from './code-runner-types';
import { createCodeRunner } from './create-code-runner';

const MB = 1024 * 1024;
let runner: SandboxCodeRunner;

beforeAll(async () => {
  runner = await createCodeRunner();
});
afterAll(async () => {
  await runner.dispose();
});

function run(code: string) {
  return runner({ code, input: { customer: { id: 'c1' } }, timeoutMs: 500, memoryBytes: 16 * MB });
}

/** After every attempt the sandbox still runs ordinary code. */
function expectStillWorking(): void {
  expect(run("return { output: 'next' }")).toEqual({ ok: true, value: { output: 'next' } });
}

describe('code cannot reach the host', () => {
  it.each([
    ["require('fs')", "ReferenceError: 'require' is not defined"],
    ['process.exit(1)', "ReferenceError: 'process' is not defined"],
    ["fetch('http://127.0.0.1:1/')", "ReferenceError: 'fetch' is not defined"],
    ['setTimeout(() => {}, 0)', "ReferenceError: 'setTimeout' is not defined"],
    ["globalThis.constructor.constructor('return process')()", "ReferenceError: 'process' is not defined"],
    ["Function('return process')().exit()", "ReferenceError: 'process' is not defined"],
    ["eval('require')('fs')", "ReferenceError: 'require' is not defined"],
    ["std.open('/etc/passwd')", "ReferenceError: 'std' is not defined"],
    ["os.exec(['ls'])", "ReferenceError: 'os' is not defined"],
  ])('%s fails cleanly', (code, message) => {
    const result = run(code);
    expect(result).toMatchObject({ ok: false, kind: 'threw', error: expect.stringContaining(message) });
    expectStillWorking();
  });

  it('dynamic import() has no module loader: it only yields a Promise, which is not a result', () => {
    expect(run("return import('fs')")).toEqual({
      ok: false,
      kind: 'not-json',
      error: 'custom code must return a JSON value; got a Promise (async code is not supported)',
    });
    expect(run("import('fs').then(fs => fs.writeFileSync('/tmp/kalcifer-escape', 'x')); return 1")).toEqual({
      ok: true,
      value: 1,
    });
    expectStillWorking();
  });

  it('eval and Function work but only see the sandbox global, which holds no host objects', () => {
    const result = run(`
      const g = Function('return this')();
      return {
        viaEval: eval('typeof process + typeof require + typeof Buffer'),
        sameGlobal: g === globalThis,
        names: Object.getOwnPropertyNames(g).filter((n) => /^(process|require|module|Buffer|fetch|setTimeout|setInterval|std|os|global)$/.test(n)),
      }`);
    expect(result).toEqual({
      ok: true,
      value: { viaEval: 'undefinedundefinedundefined', sameGlobal: true, names: [] },
    });
  });

  it('console is captured, never written to the host', () => {
    const stdout = jest.spyOn(process.stdout, 'write');
    const stderr = jest.spyOn(process.stderr, 'write');
    expect(run("console.error('to the host?'); return 1")).toEqual({
      ok: true,
      value: 1,
      logs: ['error: to the host?'],
    });
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    stdout.mockRestore();
    stderr.mockRestore();
  });

  it('prototype pollution leaks neither into the host nor into the next run', () => {
    const polluted = run(
      'Object.prototype.polluted = 1; Array.prototype.map = null; JSON.stringify = () => "{}"; return ({}).polluted',
    );
    expect(polluted).toEqual({ ok: true, value: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(run('return [({}).polluted === undefined, typeof [].map, JSON.stringify({ a: 1 })]')).toEqual({
      ok: true,
      value: [true, 'function', '{"a":1}'],
    });
  });

  it('globals set by one run are gone in the next', () => {
    expect(run('globalThis.leftover = 42; return 1')).toEqual({ ok: true, value: 1 });
    expect(run('return typeof leftover')).toEqual({ ok: true, value: 'undefined' });
  });

  it('a returned object cannot carry a prototype into the host', () => {
    const result = run('return JSON.parse(\'{"__proto__": {"isAdmin": true}}\')');
    expect(result).toMatchObject({ ok: false, kind: 'not-json' });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('code cannot confuse the runner', () => {
  it.each([
    ["Object.prototype.toJSON = function () { return 'hijacked' }; return { a: 1 }"],
    ["Array.prototype.toJSON = function () { return 'hijacked' }; console.log('x'); return [1]"],
    ["String.prototype.slice = function () { return {} }; console.log('x'.repeat(2000)); return 1"],
    [
      'Reflect.apply = null; Function.prototype.call = null; WeakMap.prototype.get = null; return { a: { b: 1 } }',
    ],
    ['RegExp.prototype.exec = () => null; JSON.stringify = () => 1; throw new Error("x")'],
  ])('still returns a well-formed result: %s', (code) => {
    const result = run(code);
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) expect(typeof result.error).toBe('string');
    if (result.logs) for (const line of result.logs) expect(typeof line).toBe('string');
    expectStillWorking();
  });
});
