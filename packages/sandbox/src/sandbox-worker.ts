/* eslint-disable @typescript-eslint/no-require-imports */
import type { MessagePort } from 'node:worker_threads';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import type { VmOutcome, WorkerRunRequest, WorkerRunResponse } from './run-protocol';

export interface SandboxWorkerData {
  quickjsPath: string;
  preludeSource: string;
  signal: SharedArrayBuffer;
  port: MessagePort;
}

/**
 * The body of the sandbox worker thread. It is started with `new Worker(source, { eval: true })`
 * from its own source text (Function.prototype.toString), which works the same from the
 * TypeScript sources under jest and from dist/, so it must not refer to anything outside itself:
 * the slot numbers below repeat those of run-protocol.ts (a unit test keeps them equal).
 *
 * One QuickJS runtime and context per request, disposed before answering. A failure of the
 * wasm instance itself (a trap, or an exception thrown by the binding) makes the answer `fatal`
 * and the thread exits, because its linear memory can no longer be trusted.
 */
export function sandboxWorkerMain(): void {
  const SIGNAL_READY = 0;
  const SIGNAL_DONE = 1;
  const WORKER_DEAD = -1;
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const { performance } = require('node:perf_hooks') as typeof import('node:perf_hooks');
  const data = threads.workerData as SandboxWorkerData;
  const { getQuickJS } = require(data.quickjsPath) as typeof import('quickjs-emscripten');
  const signal = new Int32Array(data.signal);
  const port = data.port;

  const markDead = (): void => {
    Atomics.store(signal, SIGNAL_DONE, WORKER_DEAD);
    Atomics.notify(signal, SIGNAL_DONE);
  };
  process.on('uncaughtException', (error) => {
    markDead();
    console.error('kalcifer sandbox worker failed:', error);
    process.exit(1);
  });

  function classifyDriverError(context: QuickJSContext, error: QuickJSHandle): VmOutcome {
    let message = 'unknown error';
    try {
      const dumped: unknown = context.dump(error);
      message =
        typeof dumped === 'object' && dumped !== null && 'message' in dumped
          ? String(dumped.message)
          : String(dumped);
    } catch {
      // the error cannot be read (e.g. no memory left to read it): keep the generic message
    }
    if (message.includes('out of memory')) return { kind: 'memory' };
    if (message.includes('stack overflow')) return { kind: 'stack' };
    return { kind: 'sandbox', message: `the sandbox driver failed: ${message}` };
  }

  function runInContext(
    runtime: QuickJSRuntime,
    context: QuickJSContext,
    request: WorkerRunRequest,
  ): { outcome: VmOutcome; logs: string[] } {
    const prelude = context.evalCode(`(${data.preludeSource})()`, 'kalcifer-prelude.js');
    if (prelude.error) {
      const outcome = classifyDriverError(context, prelude.error);
      prelude.error.dispose();
      return { outcome, logs: [] };
    }
    const driver = prelude.value;
    const args = [
      context.newString(request.code),
      context.newString(request.inputJson),
      context.newNumber(request.now),
      context.newString(request.seed),
      context.newNumber(request.maxOutputChars),
    ];
    let interrupted = false;
    const deadline = performance.now() + request.timeoutMs;
    runtime.setInterruptHandler(() => {
      if (performance.now() <= deadline) return false;
      interrupted = true;
      return true;
    });
    const result = context.callFunction(driver, context.undefined, ...args);
    for (const arg of args) arg.dispose();
    driver.dispose();
    if (result.error) {
      const outcome: VmOutcome = interrupted
        ? { kind: 'timeout' }
        : classifyDriverError(context, result.error);
      result.error.dispose();
      return { outcome, logs: [] };
    }
    const envelope = context.getString(result.value);
    result.value.dispose();
    return JSON.parse(envelope) as { outcome: VmOutcome; logs: string[] };
  }

  function runOne(quickjs: QuickJSWASMModule, request: WorkerRunRequest): WorkerRunResponse {
    try {
      const runtime = quickjs.newRuntime();
      try {
        runtime.setMemoryLimit(request.memoryBytes);
        runtime.setMaxStackSize(request.maxStackBytes);
        const context = runtime.newContext();
        try {
          return { id: request.id, ...runInContext(runtime, context, request), fatal: false };
        } finally {
          context.dispose();
        }
      } finally {
        runtime.dispose();
      }
    } catch (error) {
      // Thrown by the binding or the wasm instance (not by user code): stop trusting this instance.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { id: request.id, outcome: { kind: 'sandbox', message }, logs: [], fatal: true };
    }
  }

  getQuickJS().then(
    (quickjs) => {
      port.on('message', (request: WorkerRunRequest) => {
        const response = runOne(quickjs, request);
        port.postMessage(response);
        Atomics.store(signal, SIGNAL_DONE, request.id);
        Atomics.notify(signal, SIGNAL_DONE);
        if (response.fatal) {
          markDead();
          process.exit(1);
        }
      });
      Atomics.store(signal, SIGNAL_READY, 1);
      Atomics.notify(signal, SIGNAL_READY);
    },
    (error: unknown) => {
      port.postMessage({ startupError: String(error) });
      Atomics.store(signal, SIGNAL_READY, 2);
      Atomics.notify(signal, SIGNAL_READY);
    },
  );
}
