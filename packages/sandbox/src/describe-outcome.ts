import type { SandboxRunResult } from './code-runner-types';
import { formatBytes } from './format-bytes';
import type { VmOutcome } from './run-protocol';

export interface OutcomeLimits {
  timeoutMs: number;
  memoryBytes: number;
  maxOutputBytes: number;
}

function atLine(line: number | undefined): string {
  return line !== undefined && line >= 1 ? ` (line ${line})` : '';
}

/** `__proto__` keys would let a careless merge downstream replace an object's prototype. */
function parseOutput(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => {
    if (key === '__proto__') throw new Error('custom code must return a JSON value; got the key "__proto__"');
    return value;
  });
}

/** Turns what the VM reported into the runner's result, with a message that says what happened. */
export function describeOutcome(outcome: VmOutcome, limits: OutcomeLimits, logs: string[]): SandboxRunResult {
  const withLogs = logs.length > 0 ? { logs } : {};
  const fail = (kind: Exclude<SandboxRunResult, { ok: true }>['kind'], error: string): SandboxRunResult => ({
    ok: false,
    kind,
    error,
    ...withLogs,
  });
  switch (outcome.kind) {
    case 'ok': {
      const bytes = Buffer.byteLength(outcome.json);
      if (bytes > limits.maxOutputBytes)
        return fail(
          'output-too-large',
          `custom code returned ${formatBytes(bytes)} of JSON; the limit is ${formatBytes(limits.maxOutputBytes)}`,
        );
      try {
        return { ok: true, value: parseOutput(outcome.json), ...withLogs };
      } catch (error) {
        return fail('not-json', error instanceof Error ? error.message : String(error));
      }
    }
    case 'undefined':
      return { ok: true, value: undefined, ...withLogs };
    case 'syntax':
      return fail('syntax', `syntax error in custom code: ${outcome.message}${atLine(outcome.line)}`);
    case 'threw':
      return fail('threw', `custom code threw: ${outcome.message}${atLine(outcome.line)}`);
    case 'timeout':
      return fail('timeout', `custom code ran longer than ${limits.timeoutMs} ms and was stopped`);
    case 'memory':
      return fail('memory', `custom code used more than ${formatBytes(limits.memoryBytes)} of memory`);
    case 'stack':
      return fail('stack', 'custom code recursed too deeply (stack overflow)');
    case 'not-json':
      return fail(
        'not-json',
        `custom code must return a JSON value; got ${outcome.got}${outcome.path ? ` at ${outcome.path}` : ''}`,
      );
    case 'output-too-large':
      return fail(
        'output-too-large',
        `custom code returned more than ${formatBytes(limits.maxOutputBytes)} of JSON (${outcome.chars} characters)`,
      );
    case 'sandbox':
      return fail('sandbox', `custom code sandbox failed: ${outcome.message}`);
  }
}
