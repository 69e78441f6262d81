import type { CodeRunner, CodeRunRequest, SandboxCodeRunner } from './code-runner-types';
import { createCodeRunner, disposeCodeRunner } from './create-code-runner';

const MB = 1024 * 1024;
let runner: SandboxCodeRunner;

beforeAll(async () => {
  runner = await createCodeRunner();
});
afterAll(async () => {
  await runner.dispose();
});

function run(code: string, overrides: Partial<CodeRunRequest> = {}) {
  return runner({
    code,
    input: {
      customer: { id: 'c1', orders: 3, tags: ['vip'] },
      context: { visits: 2 },
      event: { name: 'purchase' },
    },
    timeoutMs: 1000,
    memoryBytes: 16 * MB,
    ...overrides,
  });
}

describe('custom code results', () => {
  it('returns the output and context the code computes from customer, context and event', () => {
    const result = run(
      "return { output: customer.orders > 2 ? 'vip' : 'next', context: { score: customer.orders * 2, seen: context.visits, on: event.name } }",
    );
    expect(result).toEqual({
      ok: true,
      value: { output: 'vip', context: { score: 6, seen: 2, on: 'purchase' } },
    });
  });

  it('treats a body without a return value as "no output" (value undefined)', () => {
    expect(run('const x = 1;')).toEqual({ ok: true, value: undefined });
  });

  it('returns any JSON value: null, strings, numbers, arrays', () => {
    expect(run('return null')).toEqual({ ok: true, value: null });
    expect(run("return 'a'")).toEqual({ ok: true, value: 'a' });
    expect(run('return [1, { b: true }]')).toEqual({ ok: true, value: [1, { b: true }] });
  });

  it('omits undefined object properties like JSON does, so optional outputs can be left out', () => {
    expect(run('return { output: undefined, context: { a: 1 } }')).toEqual({
      ok: true,
      value: { context: { a: 1 } },
    });
  });

  it('serialises dates through toJSON', () => {
    expect(run("return { at: new Date('2024-05-01T10:00:00Z') }")).toEqual({
      ok: true,
      value: { at: '2024-05-01T10:00:00.000Z' },
    });
  });

  it('gives the code variables customer, context and event, undefined when absent from input', () => {
    const result = runner({
      code: 'return [typeof customer, typeof context, typeof event]',
      input: { customer: {} },
      timeoutMs: 1000,
      memoryBytes: 16 * MB,
    });
    expect(result).toEqual({ ok: true, value: ['object', 'undefined', 'undefined'] });
  });

  it('captures console output as logs instead of printing it', () => {
    const write = jest.spyOn(process.stdout, 'write');
    const result = run("console.log('score', { a: 1 }); console.warn('careful'); return 1");
    expect(result).toEqual({ ok: true, value: 1, logs: ['score {"a":1}', 'warn: careful'] });
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });
});

describe('custom code errors say what happened', () => {
  it('reports a syntax error with its line', () => {
    expect(run('const a = 1;\nconst b = ;\nreturn a')).toEqual({
      ok: false,
      kind: 'syntax',
      error: "syntax error in custom code: unexpected token in expression: ';' (line 2)",
    });
  });

  it('reports code that stops half-way as ending unexpectedly', () => {
    expect(run('const a = 1;\nreturn a +')).toEqual({
      ok: false,
      kind: 'syntax',
      error:
        'syntax error in custom code: the code ends unexpectedly (an unfinished expression, bracket or string?)',
    });
    expect(run('return { output: "vip"')).toMatchObject({
      kind: 'syntax',
      error: expect.stringContaining('ends unexpectedly'),
    });
  });

  it('reports a thrown TypeError with the line of the body where it happened', () => {
    expect(run('const a = 1;\nconst b = 2;\nreturn customer.missing.deeper;')).toEqual({
      ok: false,
      kind: 'threw',
      error: "custom code threw: TypeError: cannot read property 'deeper' of undefined (line 3)",
    });
  });

  it('reports thrown non-Error values', () => {
    expect(run("throw 'boom'")).toMatchObject({ ok: false, error: 'custom code threw: boom' });
    expect(run('throw { code: 42 }')).toMatchObject({ ok: false, error: 'custom code threw: {"code":42}' });
  });

  it('keeps the logs written before a failure', () => {
    expect(run("console.log('before'); throw new Error('after')")).toEqual({
      ok: false,
      kind: 'threw',
      error: 'custom code threw: Error: after (line 1)',
      logs: ['before'],
    });
  });

  it.each([
    ['return () => 1', 'got function'],
    ['return Symbol("s")', 'got symbol'],
    ['return 10n', 'got bigint'],
    ['return { context: { fn() {} } }', 'got function at .context.fn'],
    ['return { list: [1, 2, () => 3] }', 'got function at .list[2]'],
    ['return { context: { score: customer.nothing * 2 } }', 'got NaN at .context.score'],
    ['return 1 / 0', 'got Infinity'],
    ['return Promise.resolve(1)', 'got a Promise (async code is not supported)'],
    ['const a = {}; a.self = a; return a', 'got a circular structure'],
    [
      'return JSON.parse(\'{"context": {"__proto__": {"admin": true}}}\')',
      'got the key "__proto__" at .context',
    ],
  ])('refuses a non-JSON result: %s', (code, got) => {
    expect(run(code)).toEqual({
      ok: false,
      kind: 'not-json',
      error: `custom code must return a JSON value; ${got}`,
    });
  });

  it('refuses a result larger than the output limit (64 KB by default)', () => {
    expect(run("return 'x'.repeat(70 * 1024)")).toMatchObject({
      ok: false,
      kind: 'output-too-large',
      error: expect.stringContaining('custom code returned more than 64 KB of JSON'),
    });
  });
});

describe('requests are checked before anything runs', () => {
  it.each([
    [{ code: 42 }, 'code must be a string (a function body); got 42'],
    [{ input: [] }, 'input must be an object with customer, context and event; got an array'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a number from 1 to 10000; got 0'],
    [{ timeoutMs: 60_000 }, 'timeoutMs must be a number from 1 to 10000; got 60000'],
    [{ memoryBytes: 1000 }, 'memoryBytes must be an integer from 1048576 to 268435456; got 1000'],
    [
      { input: { now: 'yesterday' } },
      'input.now must be epoch milliseconds or an ISO 8601 date-time; got "yesterday"',
    ],
    [{ input: { seed: {} } }, 'input.seed must be a string or a number; got an object'],
  ])('rejects %j', (overrides, message) => {
    const result = run('return 1', overrides as Partial<CodeRunRequest>);
    expect(result).toEqual({
      ok: false,
      kind: 'invalid-request',
      error: `invalid custom code request: ${message}`,
    });
  });

  it('rejects input that is not JSON-serialisable', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(run('return 1', { input: { customer: circular } })).toMatchObject({
      ok: false,
      kind: 'invalid-input',
      error: expect.stringContaining('custom code input is not JSON-serialisable'),
    });
    expect(run('return 1', { input: { customer: { n: 1n } } })).toMatchObject({ kind: 'invalid-input' });
  });

  it('rejects input larger than maxInputBytes', () => {
    const big = { customer: { blob: 'x'.repeat(1024 * 1024) } };
    expect(run('return 1', { input: big })).toMatchObject({
      ok: false,
      kind: 'invalid-input',
      error: expect.stringMatching(/^custom code input is \d+ bytes of JSON; the limit is 1048576$/),
    });
  });
});

describe('runner lifecycle', () => {
  it('is a plain CodeRunner for the interpreter (its extras are optional fields)', () => {
    const plain: CodeRunner = runner;
    expect(plain({ code: 'return 2', input: {}, timeoutMs: 100, memoryBytes: 4 * MB })).toEqual({
      ok: true,
      value: 2,
    });
  });

  it('rejects options out of range with a message that names the option', async () => {
    await expect(createCodeRunner({ maxStackBytes: 1 })).rejects.toThrow(
      'createCodeRunner: maxStackBytes must be an integer from 16384 to 524288; got 1',
    );
    await expect(createCodeRunner({ maxStackBytes: 512 * 1024, workerStackMb: 4 })).rejects.toThrow(
      /workerStackMb \(4\) must be at least 32 times maxStackBytes/,
    );
  });

  it('answers instead of throwing when reading the request throws', () => {
    const input = Object.defineProperty({}, 'now', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    }) as Record<string, unknown>;
    expect(runner({ code: 'return 1', input, timeoutMs: 100, memoryBytes: 4 * MB })).toEqual({
      ok: false,
      kind: 'sandbox',
      error: 'custom code sandbox failed: getter exploded',
    });
  });

  it('counts runs by outcome', async () => {
    const own = await createCodeRunner();
    own({ code: 'return 1', input: {}, timeoutMs: 100, memoryBytes: 4 * MB });
    own({ code: 'throw 1', input: {}, timeoutMs: 100, memoryBytes: 4 * MB });
    own({ code: 'return 1', input: {}, timeoutMs: -1, memoryBytes: 4 * MB });
    expect(own.stats()).toMatchObject({
      runs: 3,
      succeeded: 1,
      failed: { threw: 1, 'invalid-request': 1, timeout: 0 },
      workerRestarts: 0,
    });
    await disposeCodeRunner(own);
    expect(own({ code: 'return 1', input: {}, timeoutMs: 100, memoryBytes: 4 * MB })).toEqual({
      ok: false,
      kind: 'sandbox',
      error: 'custom code sandbox was disposed',
    });
  });
});
