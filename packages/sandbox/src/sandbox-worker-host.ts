import { performance } from 'node:perf_hooks';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { SIGNAL_DONE, SIGNAL_READY, SIGNAL_SLOTS, WORKER_DEAD } from './run-protocol';
import type { WorkerRunRequest, WorkerRunResponse } from './run-protocol';
import { sandboxPrelude } from './vm-prelude';
import { sandboxWorkerMain, type SandboxWorkerData } from './sandbox-worker';

export type CallOutcome = WorkerRunResponse | 'timeout' | 'dead';

/**
 * The main-thread side of one sandbox worker thread. Calls are synchronous: the request goes
 * through a MessagePort, the caller blocks in Atomics.wait until the worker bumps a shared slot,
 * then takes the answer with receiveMessageOnPort. Nothing here needs the event loop to turn.
 */
export class SandboxWorkerHost {
  private ready = false;
  private nextId = 1;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {
    // An unhandled 'error' event on a Worker would throw in the host: record it instead.
    worker.on('error', () => {
      this.exited = true;
    });
    worker.on('exit', () => {
      this.exited = true;
    });
    worker.unref();
  }

  static start(workerStackMb: number): SandboxWorkerHost {
    const signalBuffer = new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const { port1, port2 } = new MessageChannel();
    const workerData: SandboxWorkerData = {
      quickjsPath: require.resolve('quickjs-emscripten'),
      preludeSource: sandboxPrelude.toString(),
      signal: signalBuffer,
      port: port2,
    };
    const worker = new Worker(`(${sandboxWorkerMain.toString()})()`, {
      eval: true,
      workerData,
      transferList: [port2],
      resourceLimits: { stackSizeMb: workerStackMb },
    });
    return new SandboxWorkerHost(worker, port1, new Int32Array(signalBuffer));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Blocks until the worker has loaded QuickJS; returns why not if it could not. */
  waitReady(timeoutMs: number): true | string {
    if (this.ready) return true;
    Atomics.wait(this.signal, SIGNAL_READY, 0, timeoutMs);
    return this.readyState(timeoutMs);
  }

  /** The same without blocking the event loop, for start-up. */
  async waitReadyAsync(timeoutMs: number): Promise<true | string> {
    const end = performance.now() + timeoutMs;
    while (Atomics.load(this.signal, SIGNAL_READY) === 0 && !this.exited && performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.readyState(timeoutMs);
  }

  private readyState(timeoutMs: number): true | string {
    const state = Atomics.load(this.signal, SIGNAL_READY);
    if (state === 1) {
      this.ready = true;
      return true;
    }
    if (state === 2) {
      const message = receiveMessageOnPort(this.port)?.message as { startupError?: string } | undefined;
      return `the sandbox worker could not load QuickJS: ${message?.startupError ?? 'unknown error'}`;
    }
    return this.exited
      ? 'the sandbox worker exited while starting'
      : `the sandbox worker did not start within ${timeoutMs} ms`;
  }

  /** Runs one request; gives up after waitMs (the caller then terminates this worker). */
  call(request: Omit<WorkerRunRequest, 'id'>, waitMs: number): CallOutcome {
    const id = this.nextId;
    this.nextId = this.nextId >= 0x7fffffff ? 1 : this.nextId + 1;
    this.port.postMessage({ ...request, id });
    const end = performance.now() + waitMs;
    for (;;) {
      const done = Atomics.load(this.signal, SIGNAL_DONE);
      if (done === id) break;
      if (done === WORKER_DEAD) return this.takeAnswer(id) ?? 'dead';
      const remaining = end - performance.now();
      if (remaining <= 0) return 'timeout';
      Atomics.wait(this.signal, SIGNAL_DONE, done, remaining);
    }
    return this.takeAnswer(id) ?? 'dead';
  }

  private takeAnswer(id: number): WorkerRunResponse | undefined {
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received === undefined) return undefined;
      const response = received.message as WorkerRunResponse;
      if (response.id === id) return response;
    }
  }

  async terminate(): Promise<void> {
    this.port.close();
    try {
      await this.worker.terminate();
    } catch {
      // already gone
    }
  }
}
