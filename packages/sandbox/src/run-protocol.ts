/** Messages between the runner (main thread) and the sandbox worker thread. */

/** Slots of the shared Int32Array both threads use to signal each other. */
export const SIGNAL_READY = 0; // 0 starting, 1 ready, 2 failed to start
export const SIGNAL_DONE = 1; // id of the last answered request, or WORKER_DEAD
export const SIGNAL_SLOTS = 2;
export const WORKER_DEAD = -1;

export interface WorkerRunRequest {
  id: number;
  code: string;
  inputJson: string;
  timeoutMs: number;
  memoryBytes: number;
  maxStackBytes: number;
  maxOutputChars: number;
  /** Frozen clock inside the VM, epoch milliseconds. */
  now: number;
  /** Seed of Math.random inside the VM. */
  seed: string;
}

/** What the VM reports; formatted into messages by describe-failure.ts. */
export type VmOutcome =
  | { kind: 'ok'; json: string }
  | { kind: 'undefined' }
  | { kind: 'syntax'; message: string; line?: number }
  | { kind: 'threw'; message: string; line?: number }
  | { kind: 'memory' }
  | { kind: 'stack' }
  | { kind: 'timeout' }
  | { kind: 'not-json'; got: string; path: string }
  | { kind: 'output-too-large'; chars: number }
  | { kind: 'sandbox'; message: string };

export interface WorkerRunResponse {
  id: number;
  outcome: VmOutcome;
  logs: string[];
  /** The worker's wasm instance can no longer be trusted; it exits after answering. */
  fatal: boolean;
}
