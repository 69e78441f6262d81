import { describeOutcome } from './describe-outcome';
import { formatBytes } from './format-bytes';
import { SIGNAL_DONE, SIGNAL_READY, WORKER_DEAD } from './run-protocol';
import { sandboxWorkerMain } from './sandbox-worker';

const limits = { timeoutMs: 100, memoryBytes: 16 * 1024 * 1024, maxOutputBytes: 64 * 1024 };

describe('describeOutcome', () => {
  it('parses the JSON the program returned', () => {
    expect(describeOutcome({ kind: 'ok', json: '{"output":"vip"}' }, limits, [])).toEqual({
      ok: true,
      value: { output: 'vip' },
    });
  });

  it('adds logs only when there are some', () => {
    expect(describeOutcome({ kind: 'undefined' }, limits, ['a'])).toEqual({
      ok: true,
      value: undefined,
      logs: ['a'],
    });
  });

  it('checks the output size in bytes, not characters', () => {
    const json = JSON.stringify('é'.repeat(40 * 1024)); // 40 K characters, 80 KB
    expect(describeOutcome({ kind: 'ok', json }, limits, [])).toEqual({
      ok: false,
      kind: 'output-too-large',
      error: 'custom code returned 80 KB of JSON; the limit is 64 KB',
    });
  });

  it('refuses a __proto__ key even if one slipped past the VM', () => {
    expect(describeOutcome({ kind: 'ok', json: '{"a":{"__proto__":{"x":1}}}' }, limits, [])).toMatchObject({
      ok: false,
      kind: 'not-json',
    });
  });

  it('writes the messages the node trace shows', () => {
    const message = (outcome: Parameters<typeof describeOutcome>[0]) => {
      const result = describeOutcome(outcome, limits, []);
      return result.ok ? 'ok' : result.error;
    };
    expect(message({ kind: 'timeout' })).toBe('custom code ran longer than 100 ms and was stopped');
    expect(message({ kind: 'memory' })).toBe('custom code used more than 16 MB of memory');
    expect(message({ kind: 'threw', message: 'TypeError: x is not a function', line: 3 })).toBe(
      'custom code threw: TypeError: x is not a function (line 3)',
    );
    expect(message({ kind: 'threw', message: 'boom' })).toBe('custom code threw: boom');
    expect(message({ kind: 'syntax', message: "unexpected token: '}'", line: 1 })).toBe(
      "syntax error in custom code: unexpected token: '}' (line 1)",
    );
    expect(message({ kind: 'not-json', got: 'function', path: '' })).toBe(
      'custom code must return a JSON value; got function',
    );
    expect(message({ kind: 'sandbox', message: 'RuntimeError: unreachable' })).toBe(
      'custom code sandbox failed: RuntimeError: unreachable',
    );
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect([
      formatBytes(900),
      formatBytes(64 * 1024),
      formatBytes(16 * 1024 * 1024),
      formatBytes(1536 * 1024),
    ]).toEqual(['900 bytes', '64 KB', '16 MB', '1.5 MB']);
  });
});

describe('the worker source', () => {
  it('repeats the signal slots of run-protocol.ts (it cannot import them)', () => {
    const source = sandboxWorkerMain.toString();
    const constant = (name: string) => Number(new RegExp(`${name} = (-?\\d+)`).exec(source)?.[1]);
    expect([constant('SIGNAL_READY'), constant('SIGNAL_DONE'), constant('WORKER_DEAD')]).toEqual([
      SIGNAL_READY,
      SIGNAL_DONE,
      WORKER_DEAD,
    ]);
  });
});
