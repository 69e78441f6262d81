/**
 * NFR-4: with OTEL_EXPORTER_OTLP_ENDPOINT set, every service exports its spans over OTLP/HTTP
 * (protobuf), and the spans of one request, from the gateway through gRPC and JetStream to the
 * orchestrator, scheduler and channels, share the caller's trace id. The collector is a local
 * HTTP server speaking OTLP (test/support/otlp-receiver.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { OtlpReceiver } from '../support/otlp-receiver';
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
  ],
  edges: [edge('entry', 'welcome'), edge('welcome', 'pause')],
};

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

it('exports spans of one request from the gateway, orchestrator, scheduler and channels under one trace id', async () => {
  const journeyId = await api.launchJourney('otlp', graph);
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const res = await fetch(`${stack.gatewayUrl}/v1/journeys/${journeyId}/enrollments`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${callerSpanId}-01`,
    },
    body: JSON.stringify({ enrollments: [{ customerId: 'otlp', attributes: { email: 'otlp@obs.test' } }] }),
  });
  expect(res.status).toBeLessThan(300);

  const wanted = ['api-gateway', 'orchestrator', 'scheduler', 'channels'];
  const spans = await eventually(
    () => {
      const ours = receiver.spans.filter((s) => s.traceId === traceId);
      const services = new Set(ours.map((s) => s.service));
      return Promise.resolve(wanted.every((w) => services.has(w)) && ours);
    },
    30_000,
    200,
  );
  // The gateway's span is the caller's child; each later span hangs under one of the trace.
  const gateway = spans.find((s) => s.service === 'api-gateway')!;
  expect(gateway).toMatchObject({ parentSpanId: callerSpanId, name: 'POST /v1/journeys/{id}/enrollments' });
  const ids = new Set([callerSpanId, ...spans.map((s) => s.spanId)]);
  for (const span of spans)
    expect({ span: span.name, parentKnown: ids.has(span.parentSpanId) }).toEqual({
      span: span.name,
      parentKnown: true,
    });
  // Other requests made their own traces (the journey's creation, health probes), not this one.
  expect(receiver.spans.some((s) => s.traceId !== traceId && s.service === 'api-gateway')).toBe(true);
});
