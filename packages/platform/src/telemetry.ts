import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export { SpanKind } from '@opentelemetry/api';
export type { Context, Span } from '@opentelemetry/api';

/**
 * Tracing of every service (W3C trace context). Two modes, chosen once at boot:
 * - OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) set: the OpenTelemetry SDK records spans
 *   and a batch processor exports them over OTLP/HTTP (protobuf).
 * - not set: no SDK at all. Trace ids are still made at the edge and carried in gRPC metadata and
 *   NATS headers, so every log line carries one; no span object is built per message.
 */
let provider: NodeTracerProvider | undefined;
let initialized = false;

export function initTelemetry(service: string, env: NodeJS.ProcessEnv = process.env): void {
  if (initialized) return;
  initialized = true;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    // Registers the AsyncLocalStorage context manager and the W3C propagator too.
    provider.register();
  } else {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  }
}

/** Sends the spans still buffered (shutdown). */
export async function shutdownTelemetry(): Promise<void> {
  await provider?.shutdown();
}

export function isExportingSpans(): boolean {
  return provider !== undefined;
}

const tracer = () => trace.getTracer('kalcifer');

const idBytes = Buffer.allocUnsafe(16);

/**
 * Random hex ids, as OpenTelemetry's own generator makes them (Math.random: ids need to be
 * unique, not secret; crypto.randomBytes costs ~5 us a call, measured here).
 */
function randomHex(bytes: 8 | 16): string {
  for (let i = 0; i < bytes; i += 4) idBytes.writeUInt32BE((Math.random() * 0x1_0000_0000) >>> 0, i);
  if (idBytes.readUInt32BE(0) === 0) idBytes[0] = 1; // all zeros is the invalid id
  return idBytes.toString('hex', 0, bytes);
}

/** Trace and span ids made here when no SDK is recording (the same width and format as OTel's). */
function freshSpanContext(traceId?: string): SpanContext {
  return {
    traceId: traceId ?? randomHex(16),
    spanId: randomHex(8),
    // "The caller may have recorded": a downstream service that exports then records its part.
    traceFlags: TraceFlags.SAMPLED,
  };
}

/**
 * The context a unit of work (an HTTP request, an RPC, a message) runs in, below `parent` (the
 * caller's, extracted from its headers, or none). With the SDK, a recording span that the caller
 * ends with `endWork`; without it, only a new span id (or a new trace when there is no parent).
 */
export function beginWork(
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes?: Attributes,
): { ctx: Context; span: Span | undefined } {
  if (provider) {
    const span = tracer().startSpan(name, { kind, attributes }, parent);
    return { ctx: trace.setSpan(parent, span), span };
  }
  const parentSpan = trace.getSpanContext(parent);
  return { ctx: trace.setSpanContext(parent, freshSpanContext(parentSpan?.traceId)), span: undefined };
}

export function endWork(span: Span | undefined, err?: unknown): void {
  if (!span) return;
  if (err !== undefined) {
    span.recordException(err instanceof Error ? err : (JSON.stringify(err) ?? 'unknown error'));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** The context work runs in now (ROOT_CONTEXT outside any). */
export function activeContext(): Context {
  return context.active();
}

/**
 * A span of its own for an outgoing call or message (kind CLIENT or PRODUCER) below `parent`, only
 * while the SDK records: `ctx` is what to propagate (the span's context, or `parent` itself without
 * the SDK, so that nothing is built per call then).
 */
export function beginOutgoing(
  name: string,
  kind: SpanKind.CLIENT | SpanKind.PRODUCER,
  parent: Context,
  attributes?: Attributes,
): { ctx: Context; span: Span | undefined } {
  if (!provider) return { ctx: parent, span: undefined };
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  return { ctx: trace.setSpan(parent, span), span };
}

/** Runs `fn` inside `ctx` (AsyncLocalStorage: what it awaits and calls sees the same context). */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE = '0'.repeat(32);
const INVALID_SPAN = '0'.repeat(16);

/**
 * The caller's context from a header carrier (HTTP headers, gRPC metadata, NATS headers). With
 * the SDK, its W3C propagator (tracestate too); without it, a direct read of `traceparent`
 * (version 00), several times cheaper per message.
 */
export function extractContext(get: (key: string) => string | undefined): Context {
  if (provider)
    return propagation.extract(ROOT_CONTEXT, undefined, {
      get: (_carrier, key) => get(key),
      keys: () => ['traceparent', 'tracestate'],
    });
  const m = TRACEPARENT.exec(get('traceparent')?.trim() ?? '');
  if (!m || m[1] === INVALID_TRACE || m[2] === INVALID_SPAN) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[1],
    spanId: m[2],
    traceFlags: parseInt(m[3], 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/** Calls `set` with the headers (traceparent, and tracestate with the SDK) of `active` (by default the active context), if any. */
export function injectContext(
  set: (key: string, value: string) => void,
  active: Context = context.active(),
): boolean {
  const sc = trace.getSpanContext(active);
  if (!sc) return false;
  if (provider) propagation.inject(active, undefined, { set: (_carrier, key, value) => set(key, value) });
  else set('traceparent', `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & TraceFlags.SAMPLED}`);
  return true;
}

/**
 * The W3C `traceparent` of the active context, for work that continues it later (a timer stores
 * it with itself, and its fire continues the trace of the step that set it); undefined outside
 * any traced work.
 */
export function currentTraceparent(): string | undefined {
  const sc = trace.getSpanContext(context.active());
  return sc ? `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & TraceFlags.SAMPLED}` : undefined;
}

/** The context a stored `traceparent` names (ROOT_CONTEXT when absent or malformed). */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  return extractContext((key) => (key === 'traceparent' ? traceparent : undefined));
}

/** The active trace id, or undefined outside any traced work. */
export function currentTraceIds(): { traceId: string; spanId: string } | undefined {
  const sc = trace.getSpanContext(context.active());
  return sc ? { traceId: sc.traceId, spanId: sc.spanId } : undefined;
}
