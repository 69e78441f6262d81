import type {
  CodeFailureKind,
  CodeRunnerOptions,
  CodeRunnerStats,
  CodeRunRequest,
  SandboxCodeRunner,
  SandboxRunResult,
} from './code-runner-types';
import { describeOutcome } from './describe-outcome';
import { prepareRequest } from './prepare-request';
import { SandboxWorkerHost } from './sandbox-worker-host';

const DEFAULTS: Required<CodeRunnerOptions> = {
  maxStackBytes: 128 * 1024,
  maxOutputBytes: 64 * 1024,
  maxInputBytes: 1024 * 1024,
  maxTimeoutMs: 10_000,
  maxMemoryBytes: 256 * 1024 * 1024,
  hardKillGraceMs: 1000,
  startupTimeoutMs: 10_000,
  workerStackMb: 16,
};

/** Ranges that keep the guarantees true (the stack limit must stay far below the worker's stack). */
const OPTION_RANGES: Record<keyof CodeRunnerOptions, [number, number]> = {
  maxStackBytes: [16 * 1024, 512 * 1024],
  maxOutputBytes: [1, 16 * 1024 * 1024],
  maxInputBytes: [1, 64 * 1024 * 1024],
  maxTimeoutMs: [1, 600_000],
  maxMemoryBytes: [1024 * 1024, 2 * 1024 * 1024 * 1024 - 1],
  hardKillGraceMs: [10, 60_000],
  startupTimeoutMs: [100, 120_000],
  workerStackMb: [4, 256],
};

function resolveOptions(options: CodeRunnerOptions): Required<CodeRunnerOptions> {
  const resolved = { ...DEFAULTS };
  for (const key of Object.keys(options) as Array<keyof CodeRunnerOptions>) {
    const range = OPTION_RANGES[key];
    if (range === undefined) throw new Error(`createCodeRunner: unknown option "${String(key)}"`);
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < range[0] || value > range[1])
      throw new Error(
        `createCodeRunner: ${key} must be an integer from ${range[0]} to ${range[1]}; got ${value}`,
      );
    resolved[key] = value;
  }
  if (resolved.maxStackBytes * 32 > resolved.workerStackMb * 1024 * 1024)
    throw new Error(
      `createCodeRunner: workerStackMb (${resolved.workerStackMb}) must be at least 32 times maxStackBytes ` +
        `(${resolved.maxStackBytes} bytes), or deep parser recursion could overflow the worker's native stack`,
    );
  return resolved;
}

function emptyFailureCounts(): Record<CodeFailureKind, number> {
  return {
    'invalid-request': 0,
    'invalid-input': 0,
    syntax: 0,
    threw: 0,
    timeout: 0,
    memory: 0,
    stack: 0,
    'not-json': 0,
    'output-too-large': 0,
    sandbox: 0,
  };
}

/**
 * Loads QuickJS in a worker thread and returns a synchronous runner for custom_code programs.
 * Each run gets a fresh QuickJS runtime and context with its own memory limit, stack limit and
 * deadline; see README.md for the guarantees. Call `dispose()` (or disposeCodeRunner) when done.
 */
export async function createCodeRunner(options: CodeRunnerOptions = {}): Promise<SandboxCodeRunner> {
  const config = resolveOptions(options);
  const first = SandboxWorkerHost.start(config.workerStackMb);
  const started = await first.waitReadyAsync(config.startupTimeoutMs);
  if (started !== true) {
    await first.terminate();
    throw new Error(`createCodeRunner: ${started}`);
  }
  let worker: SandboxWorkerHost | undefined = first;
  let disposed = false;
  const stats: CodeRunnerStats = { runs: 0, succeeded: 0, failed: emptyFailureCounts(), workerRestarts: 0 };

  /** Drops a worker that overran or broke, and starts its successor now so it warms up meanwhile. */
  const replaceWorker = (): void => {
    void worker?.terminate();
    worker = SandboxWorkerHost.start(config.workerStackMb);
    stats.workerRestarts += 1;
  };

  const run = (request: CodeRunRequest): SandboxRunResult => {
    if (disposed) return { ok: false, kind: 'sandbox', error: 'custom code sandbox was disposed' };
    const prepared = prepareRequest(request, config);
    if (!prepared.ok) return { ok: false, kind: prepared.kind, error: prepared.error };
    const { timeoutMs, memoryBytes } = prepared.request;

    worker ??= SandboxWorkerHost.start(config.workerStackMb);
    const ready = worker.waitReady(config.startupTimeoutMs);
    if (ready !== true) {
      void worker.terminate();
      worker = undefined;
      return { ok: false, kind: 'sandbox', error: `custom code sandbox is unavailable: ${ready}` };
    }
    const answer = worker.call(
      { ...prepared.request, maxStackBytes: config.maxStackBytes, maxOutputChars: config.maxOutputBytes },
      timeoutMs + config.hardKillGraceMs,
    );
    if (answer === 'timeout') {
      replaceWorker();
      return {
        ok: false,
        kind: 'timeout',
        error: `custom code ran longer than ${timeoutMs} ms and was stopped`,
      };
    }
    if (answer === 'dead') {
      replaceWorker();
      return {
        ok: false,
        kind: 'sandbox',
        error: 'custom code sandbox failed: the worker stopped unexpectedly; it was restarted',
      };
    }
    const result = describeOutcome(answer.outcome, { timeoutMs, memoryBytes, ...config }, answer.logs);
    if (answer.fatal) {
      replaceWorker();
      if (!result.ok) result.error += '; the sandbox was restarted';
    }
    return result;
  };

  /** The interpreter expects an answer, never an exception. */
  const runSafely = (request: CodeRunRequest): SandboxRunResult => {
    try {
      return run(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, kind: 'sandbox', error: `custom code sandbox failed: ${message}` };
    }
  };

  const runner = ((request: CodeRunRequest): SandboxRunResult => {
    const result = runSafely(request);
    stats.runs += 1;
    if (result.ok) stats.succeeded += 1;
    else stats.failed[result.kind] += 1;
    return result;
  }) as SandboxCodeRunner;
  runner.stats = () => ({ ...stats, failed: { ...stats.failed } });
  runner.dispose = async () => {
    disposed = true;
    const last = worker;
    worker = undefined;
    await last?.terminate();
  };
  return runner;
}

/** Stops the runner's worker thread; later calls fail with a clear error. */
export async function disposeCodeRunner(runner: SandboxCodeRunner): Promise<void> {
  await runner.dispose();
}
