/**
 * NFR-4: with OTEL_EXPORTER_OTLP_ENDPOINT set, every service exports its spans over OTLP/HTTP
 * (protobuf), and the spans of one request, from the gateway through gRPC and JetStream to the
 * orchestrator, scheduler and channels, share the caller's trace id, through a wait's timer fire
 * to the send after it. A gRPC call is a CLIENT span with the server's span below it; a publish a
 * PRODUCER span with the consumer's CONSUMER span below it. The collector is a local HTTP server
 * speaking OTLP (test/support/otlp-receiver.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { OtlpReceiver, SPAN_KIND, type ReceivedSpan } from '../support/otlp-receiver';
import { Stack, type ServiceName } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_otlp';
const SERVICES: ServiceName[] = [
  'orchestrator',
  'scheduler',
  'channels',
  'ai-designer',
  'analytics',
  'api-gateway',
];
const receiver = new OtlpReceiver();
let stack: Stack;
let api: Api;

const edge = (from: string, to: string, output = 'next') => ({ from, to, output });
const graph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'welcome', type: 'send_email', config: { template: 'welcome', subject: 'Welcome' } },
    { id: 'pause', type: 'wait', config: { duration: 'PT1S' } },
    { id: 'reminder', type: 'send_email', config: { template: 'reminder', subject: 'Reminder' } },
  ],
  edges: [edge('entry', 'welcome'), edge('welcome', 'pause'), edge('pause', 'reminder')],
};

const traceparent = () => {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  return { traceId, callerSpanId, header: `00-${traceId}-${callerSpanId}-01` };
};

/** Each span with its parent span (undefined when the parent is not among them). */
function parentOf(spans: ReceivedSpan[]) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return (span: ReceivedSpan) => byId.get(span.parentSpanId);
}

beforeAll(async () => {
  const endpoint = await receiver.start(0);
  // Spans leave in batches every 200 ms instead of every 5 s.
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' };
  stack = new Stack({
    dbPrefix: PREFIX,
    // Ports of its own: a benchmark or a chaos run on the default ports must not answer this test.
    gatewayPort: 28280,
    grpcPort: 25251,
    healthPortBase: 29301,
    env: Object.fromEntries(SERVICES.map((s) => [s, otel])),
  });
  api = await startProduct(stack, PREFIX, 'kal_e2eOtlpTracesKey000000000001');
}, 200_000);

afterAll(async () => {
  await stack.stopAll();
  await receiver.stop();
}, 60_000);

let journeyId: string;

it('exports spans of one request from the gateway, orchestrator, scheduler and channels under one trace id, through the timer fire', async () => {
  journeyId = await api.launchJourney('otlp', graph);
  const { traceId, callerSpanId, header } = traceparent();
  const res = await fetch(`${stack.gatewayUrl}/v1/journeys/${journeyId}/enrollments`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      'content-type': 'application/json',
      traceparent: header,
    },
    body: JSON.stringify({ enrollments: [{ customerId: 'otlp', attributes: { email: 'otlp@obs.test' } }] }),
  });
  expect(res.status).toBeLessThan(300);

  const wanted = ['api-gateway', 'orchestrator', 'scheduler', 'channels'];
  // Done once both sends (before and after the wait) were handled by channels in this trace.
  const sendsHandled = (spans: ReceivedSpan[]) =>
    spans.filter((s) => s.service === 'channels' && s.name === 'channels-sends').length >= 2;
  const spans = await eventually(
    () => {
      const ours = receiver.spans.filter((s) => s.traceId === traceId);
      const services = new Set(ours.map((s) => s.service));
      return Promise.resolve(wanted.every((w) => services.has(w)) && sendsHandled(ours) && ours);
    },
    30_000,
    200,
  );
  // The gateway's span is the caller's child; each later span hangs under one of the trace.
  const gateway = spans.find((s) => s.service === 'api-gateway' && s.kind === SPAN_KIND.server)!;
  expect(gateway).toMatchObject({ parentSpanId: callerSpanId, name: 'POST /v1/journeys/{id}/enrollments' });
  const ids = new Set([callerSpanId, ...spans.map((s) => s.spanId)]);
  for (const span of spans)
    expect({ span: span.name, parentKnown: ids.has(span.parentSpanId) }).toEqual({
      span: span.name,
      parentKnown: true,
    });
  // Other requests made their own traces (the journey's creation, health probes), not this one.
  expect(receiver.spans.some((s) => s.traceId !== traceId && s.service === 'api-gateway')).toBe(true);

  // Every message handled hangs below the PRODUCER span of its publish, in another service.
  const parent = parentOf(spans);
  const consumers = spans.filter((s) => s.kind === SPAN_KIND.consumer);
  for (const name of ['orchestrator-enroll', 'scheduler-timers', 'orchestrator-timers', 'channels-sends'])
    expect({ name, handled: consumers.some((s) => s.name === name) }).toEqual({ name, handled: true });
  for (const consumer of consumers)
    expect({ span: consumer.name, parentKind: parent(consumer)?.kind }).toEqual({
      span: consumer.name,
      parentKind: SPAN_KIND.producer,
    });
  // The wait's timer fired in the trace of the step that set it: the scheduler's publish of the
  // fire, the orchestrator's step on it, and the send after the wait.
  const fired = spans.find((s) => s.name === 'orchestrator-timers')!;
  expect(parent(fired)).toMatchObject({
    service: 'scheduler',
    kind: SPAN_KIND.producer,
    name: 'publish kalcifer.*.signals.timer',
  });
  expect(spans.filter((s) => s.name === 'channels-sends')).toHaveLength(2);
});

it('exports a gRPC call as a CLIENT span of the caller with the server span below it', async () => {
  const { traceId, header } = traceparent();
  const res = await fetch(`${stack.gatewayUrl}/v1/journeys/${journeyId}`, {
    headers: { authorization: `Bearer ${api.apiKey}`, traceparent: header },
  });
  expect(res.status).toBe(200);
  const [client, server] = await eventually(
    () => {
      const ours = receiver.spans.filter((s) => s.traceId === traceId);
      const c = ours.find((s) => s.kind === SPAN_KIND.client);
      const srv = c && ours.find((s) => s.parentSpanId === c.spanId);
      return Promise.resolve(c && srv && ([c, srv] as const));
    },
    30_000,
    200,
  );
  expect(client).toMatchObject({
    service: 'api-gateway',
    name: 'kalcifer.v1.Orchestrator/GetJourney',
  });
  expect(server).toMatchObject({ service: 'orchestrator', kind: SPAN_KIND.server, name: 'getJourney' });
});
