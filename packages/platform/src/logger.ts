import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import { currentTraceIds } from './telemetry';

export type { Logger } from 'pino';

/** What every log line written inside one unit of work carries, besides its trace ids. */
export interface LogContext {
  correlationId?: string;
  workspaceId?: string;
  journeyId?: string;
  instanceId?: string;
}

const logContext = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with a correlation id that every log line written inside it carries. */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return logContext.run({ correlationId }, fn);
}

/** Runs `fn` with fields (correlation, workspace, journey, instance ids) that its log lines carry. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return logContext.run(fields, fn);
}

/** Adds fields to the current unit of work's log context (e.g. the workspace once authenticated). */
export function addLogContext(fields: LogContext): void {
  const store = logContext.getStore();
  if (store) Object.assign(store, fields);
}

export function currentCorrelationId(): string | undefined {
  return logContext.getStore()?.correlationId;
}

/** The workspace, journey and instance ids of a message or request body, when it names them. */
export function logContextOf(body: unknown): LogContext {
  if (typeof body !== 'object' || body === null) return {};
  const { workspaceId, journeyId, instanceId } = body as Record<string, unknown>;
  const out: LogContext = {};
  if (typeof workspaceId === 'string') out.workspaceId = workspaceId;
  if (typeof journeyId === 'string') out.journeyId = journeyId;
  if (typeof instanceId === 'string') out.instanceId = instanceId;
  return out;
}

function mixin(): Record<string, string> {
  const store = logContext.getStore();
  const ids = currentTraceIds();
  if (!store && !ids) return {};
  const out: Record<string, string> = {};
  if (ids) {
    out.trace_id = ids.traceId;
    out.span_id = ids.spanId;
  }
  if (store) {
    for (const [k, v] of Object.entries(store)) if (v !== undefined) out[k] = v as string;
  }
  return out;
}

/** A JSON logger whose every line carries the service, and the trace and ids of the work in hand. */
export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options = { name: service, level, base: { service }, mixin };
  return destination ? pino(options, destination) : pino(options);
}
