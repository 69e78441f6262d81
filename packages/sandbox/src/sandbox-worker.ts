/* istanbul ignore file -- shipped as source text (toString): instrumentation would break it */
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
 * One QuickJS runtime and context per request, disposed before answering; the next one is
 * prepared (runtime, context, driver) right after answering, so its cost is off the caller's clock. A failure of the
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

  /** The driver's answer, checked: it ran in the same VM as the user's code. */
  function readEnvelope(text: string): { outcome: VmOutcome; logs: string[] } {
    const tampered = {
      outcome: { kind: 'sandbox', message: 'the program interfered with the sandbox driver' } as VmOutcome,
      logs: [],
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return tampered;
    }
    if (typeof parsed !== 'object' || parsed === null) return tampered;
    const { outcome, logs } = parsed as { outcome?: Record<string, unknown>; logs?: unknown };
    if (typeof outcome !== 'object' || outcome === null || !Array.isArray(logs)) return tampered;
    const text_ = (key: string) => typeof outcome[key] === 'string';
    const optionalLine = outcome.line === undefined || typeof outcome.line === 'number';
    const valid =
      (outcome.kind === 'ok' && text_('json')) ||
      ['undefined', 'memory', 'stack', 'timeout'].includes(outcome.kind as string) ||
      ((outcome.kind === 'syntax' || outcome.kind === 'threw') && text_('message') && optionalLine) ||
      (outcome.kind === 'not-json' && text_('got') && text_('path')) ||
      (outcome.kind === 'output-too-large' && typeof outcome.chars === 'number');
    if (!valid) return tampered;
    return { outcome: outcome as VmOutcome, logs: logs.map((line) => String(line)) };
  }

  /** A runtime and context with the driver loaded, prepared between requests (off the caller's clock). */
  interface WarmVm {
    runtime: QuickJSRuntime;
    context: QuickJSContext;
    driver: QuickJSHandle;
  }

  function prepareVm(quickjs: QuickJSWASMModule): WarmVm {
    const runtime = quickjs.newRuntime();
    const context = runtime.newContext();
    const prelude = context.evalCode(`(${data.preludeSource})()`, 'kalcifer-prelude.js');
    if (prelude.error) {
      const outcome = classifyDriverError(context, prelude.error);
      prelude.error.dispose();
      context.dispose();
      runtime.dispose();
      throw new Error(`the sandbox driver did not load: ${JSON.stringify(outcome)}`);
    }
    return { runtime, context, driver: prelude.value };
  }

  function runInVm(vm: WarmVm, request: WorkerRunRequest): { outcome: VmOutcome; logs: string[] } {
    const { runtime, context, driver } = vm;
    // Limits apply from here on; the driver itself was loaded before (a few hundred KB at most).
    runtime.setMemoryLimit(request.memoryBytes);
    runtime.setMaxStackSize(request.maxStackBytes);
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
    if (result.error) {
      const outcome: VmOutcome = interrupted
        ? { kind: 'timeout' }
        : classifyDriverError(context, result.error);
      result.error.dispose();
      return { outcome, logs: [] };
    }
    const envelope = context.getString(result.value);
    result.value.dispose();
    return readEnvelope(envelope);
  }

  /** Runs one request in a fresh VM (the warm one if ready) and frees that VM before answering. */
  function runOne(
    quickjs: QuickJSWASMModule,
    warm: WarmVm | undefined,
    request: WorkerRunRequest,
  ): WorkerRunResponse {
    try {
      const vm = warm ?? prepareVm(quickjs);
      try {
        return { id: request.id, ...runInVm(vm, request), fatal: false };
      } finally {
        vm.driver.dispose();
        vm.context.dispose();
        vm.runtime.dispose();
      }
    } catch (error) {
      // Thrown by the binding or the wasm instance (not by user code): stop trusting this instance.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { id: request.id, outcome: { kind: 'sandbox', message }, logs: [], fatal: true };
    }
  }

  getQuickJS().then(
    (quickjs) => {
      const prepareNext = (): WarmVm | undefined => {
        try {
          return prepareVm(quickjs);
        } catch {
          return undefined; // the next request prepares its own VM and reports the failure
        }
      };
      let warm = prepareNext();
      port.on('message', (request: WorkerRunRequest) => {
        const response = runOne(quickjs, warm, request);
        warm = undefined;
        port.postMessage(response);
        Atomics.store(signal, SIGNAL_DONE, request.id);
        Atomics.notify(signal, SIGNAL_DONE);
        if (response.fatal) {
          markDead();
          process.exit(1);
        }
        warm = prepareNext();
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
