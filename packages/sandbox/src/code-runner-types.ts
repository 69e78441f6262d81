/**
 * The runner interface the journey interpreter calls (structurally identical to the one in
 * @kalcifer/journey, which this package must not import), plus what this package adds.
 */
export interface CodeRunRequest {
  code: string;
  input: Record<string, unknown>;
  timeoutMs: number;
  memoryBytes: number;
}

export type CodeRunResult = { ok: true; value: unknown } | { ok: false; error: string };

export type CodeRunner = (request: CodeRunRequest) => CodeRunResult;

/** Why a run failed; carried on failed results as `kind` for metrics and traces. */
export type CodeFailureKind =
  | 'invalid-request'
  | 'invalid-input'
  | 'syntax'
  | 'threw'
  | 'timeout'
  | 'memory'
  | 'stack'
  | 'not-json'
  | 'output-too-large'
  | 'sandbox';

/** The result a sandbox runner returns: a CodeRunResult with optional extras. */
export type SandboxRunResult =
  | { ok: true; value: unknown; logs?: string[] }
  | { ok: false; error: string; kind: CodeFailureKind; logs?: string[] };

export interface CodeRunnerOptions {
  /** QuickJS stack limit; bounds recursion (~740 calls deep at the default 128 KiB). */
  maxStackBytes?: number;
  /** Largest JSON text a program may return (UTF-8 bytes). Default 64 KiB. */
  maxOutputBytes?: number;
  /** Largest JSON text of `input` accepted (UTF-8 bytes). Default 1 MiB. */
  maxInputBytes?: number;
  /** Largest `timeoutMs` a request may ask for. Default 10 s. */
  maxTimeoutMs?: number;
  /** Largest `memoryBytes` a request may ask for. Default 256 MiB. */
  maxMemoryBytes?: number;
  /**
   * How long past its `timeoutMs` a run may go before the worker thread is terminated. The
   * interpreter's own interrupt stops ordinary code at `timeoutMs`; this backstop catches the
   * few native built-ins that never poll the interrupt (e.g. `new Array(2**32-1).join('')`).
   * Default 1000 ms.
   */
  hardKillGraceMs?: number;
  /** How long to wait for a (re)started worker to load the wasm module. Default 10 s. */
  startupTimeoutMs?: number;
  /** Native stack of the worker thread, far above what the QuickJS stack limit can use. Default 16. */
  workerStackMb?: number;
}

export interface CodeRunnerStats {
  runs: number;
  succeeded: number;
  failed: Record<CodeFailureKind, number>;
  /** Times the worker thread was terminated (hard timeout) or replaced (crash). */
  workerRestarts: number;
}

/** A synchronous CodeRunner that owns a worker thread; call dispose() when done. */
export interface SandboxCodeRunner {
  (request: CodeRunRequest): SandboxRunResult;
  stats(): CodeRunnerStats;
  dispose(): Promise<void>;
}
