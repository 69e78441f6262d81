import { Writable } from 'node:stream';
import { createGrpcClient, startGrpcServer, type ServiceDef } from './grpc/service';
import { createLogger, withLogContext } from './logger';
import {
  SpanKind,
  beginWork,
  contextOfTraceparent,
  currentTraceIds,
  currentTraceparent,
  extractContext,
  initTelemetry,
  injectContext,
  runInContext,
} from './telemetry';

// No OTEL_EXPORTER_OTLP_ENDPOINT: the cheap mode every service runs in without a collector.
initTelemetry('test', {});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const fromHeaders = (h: Record<string, string>) => extractContext((key) => h[key]);

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('test', 'debug', stream) };
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const fromJson = (b: Buffer) => JSON.parse(b.toString()) as unknown;
/** A one-method service in the shape ts-proto generates (JSON instead of protobuf). */
const EchoService = {
  whoAmI: {
    path: '/test.Echo/WhoAmI',
    requestStream: false,
    responseStream: false,
    requestSerialize: json,
    requestDeserialize: fromJson,
    responseSerialize: json,
    responseDeserialize: fromJson,
  },
} as unknown as ServiceDef;

describe('trace context without an exporter', () => {
  it("continues the caller's trace with a span id of its own", () => {
    const { ctx } = beginWork('handle', SpanKind.CONSUMER, fromHeaders({ traceparent: TRACEPARENT }));
    const sent: Record<string, string> = {};
    runInContext(ctx, () => injectContext((k, v) => (sent[k] = v)));
    expect(sent.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(sent.traceparent).not.toBe(TRACEPARENT);
  });

  it('starts a new trace when the caller sent none, and injects nothing outside any work', () => {
    const a = beginWork('a', SpanKind.SERVER, fromHeaders({}));
    const b = beginWork('b', SpanKind.SERVER, fromHeaders({ traceparent: 'garbage' }));
    const ids = [a, b].map((w) => runInContext(w.ctx, () => currentTraceIds()?.traceId));
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(injectContext(() => undefined)).toBe(false);
  });

  it('gives the traceparent of the work to keep (a timer), and continues that trace from it later', () => {
    const { ctx } = beginWork('step', SpanKind.CONSUMER, fromHeaders({ traceparent: TRACEPARENT }));
    const kept = runInContext(ctx, () => currentTraceparent());
    expect(kept).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(currentTraceparent()).toBeUndefined();
    const later = beginWork('fire', SpanKind.CONSUMER, contextOfTraceparent(kept));
    expect(runInContext(later.ctx, () => currentTraceIds()?.traceId)).toBe(TRACE_ID);
    const none = beginWork('fire', SpanKind.CONSUMER, contextOfTraceparent('00-garbage'));
    expect(runInContext(none.ctx, () => currentTraceIds()?.traceId)).not.toBe(TRACE_ID);
  });

  it('writes the trace id and the work ids into every log line written inside the work', () => {
    const { lines, logger } = captureLogs();
    const { ctx } = beginWork('handle', SpanKind.CONSUMER, fromHeaders({ traceparent: TRACEPARENT }));
    runInContext(ctx, () =>
      withLogContext({ workspaceId: 'ws1', instanceId: 'i1' }, () => logger.info('inside')),
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({ trace_id: TRACE_ID, workspaceId: 'ws1', instanceId: 'i1' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('carries the trace over a real gRPC call, and the request ids into the server logs', async () => {
    const { lines, logger } = captureLogs();
    const server = await startGrpcServer(
      EchoService,
      {
        whoAmI: () => {
          logger.info('serving');
          return Promise.resolve({ traceId: currentTraceIds()?.traceId });
        },
      },
      '127.0.0.1:0',
      logger,
    );
    const client = createGrpcClient(EchoService, `127.0.0.1:${server.port}`);
    try {
      const { ctx } = beginWork('request', SpanKind.SERVER, fromHeaders({ traceparent: TRACEPARENT }));
      const answer = await runInContext(ctx, () => client.whoAmI({ workspaceId: 'ws9' }));
      expect(answer).toEqual({ traceId: TRACE_ID });
      expect(lines.find((l) => l.msg === 'serving')).toMatchObject({
        trace_id: TRACE_ID,
        workspaceId: 'ws9',
      });
    } finally {
      client.close();
      await server.close();
    }
  });
});
