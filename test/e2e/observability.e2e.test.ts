/**
 * NFR-4 on the whole stack: one request's trace (the caller's W3C traceparent) is in the JSON
 * logs of every service it passed through, gateway -> orchestrator -> scheduler (a wait) and
 * channels (an email), and on through the wait's timer fire to the email after it, without an
 * OTLP exporter; a designer request's trace goes on through the ai-designer to the model's HTTP
 * call (a local server speaking the Gemini REST API); and every service serves /healthz, /readyz and Prometheus /metrics with system,
 * dependency (MongoDB and Redis latency per command) and business metrics.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeGemini, type FakeGemini } from '../../services/ai-designer/src/bench/gemini-format-server';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { repoRoot } from '../support/repo-root';
import { Stack, type ServiceName } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_observability';
const SERVICES: ServiceName[] = [
  'orchestrator',
  'scheduler',
  'channels',
  'ai-designer',
  'analytics',
  'api-gateway',
];
const debugLogs = Object.fromEntries(SERVICES.map((s) => [s, { LOG_LEVEL: 'debug' }]));
/** The model the ai-designer calls: a local server speaking the Gemini REST API, on a port of its own. */
const GEMINI_PORT = 29480;
debugLogs['ai-designer'] = {
  LOG_LEVEL: 'debug',
  GEMINI_API_KEY: 'e2e-key',
  GEMINI_BASE_URL: `http://127.0.0.1:${GEMINI_PORT}`,
};
let gemini: FakeGemini;
// Ports of its own: a benchmark or a chaos run on the default ports must not answer this test.
const stack = new Stack({
  dbPrefix: PREFIX,
  gatewayPort: 28180,
  grpcPort: 25151,
  healthPortBase: 29201,
  env: debugLogs,
});
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

function logLines(service: ServiceName): Record<string, unknown>[] {
  const file = path.join(repoRoot(), '.kalcifer', 'logs', 'e2e', `${PREFIX}-${service}.log`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  gemini = await startFakeGemini([], GEMINI_PORT);
  api = await startProduct(stack, PREFIX, 'kal_e2eObservabilityKey0000000001');
}, 200_000);

afterAll(async () => {
  await stack.stopAll();
  await gemini?.close();
}, 60_000);

it("writes one request's trace id into the logs of the gateway, orchestrator, scheduler and channels, through the timer fire", async () => {
  const journeyId = await api.launchJourney('observability', graph);
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(`${stack.gatewayUrl}/v1/journeys/${journeyId}/enrollments`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    body: JSON.stringify({
      enrollments: [{ customerId: 'traced', attributes: { email: 'traced@obs.test' } }],
    }),
  });
  expect(res.status).toBeLessThan(300);
  expect(res.headers.get('x-trace-id')).toBe(traceId);

  const [instance] = await eventually(
    async () => {
      const all = await api.allInstances(`journeyId=${journeyId}`);
      return all.length === 1 && all[0].status === 'completed' && all;
    },
    60_000,
    300,
  );

  // Every service it passed through wrote at least one line of it; the engine's lines name it.
  const traced = await eventually(
    () => {
      const byService = Object.fromEntries(
        (['api-gateway', 'orchestrator', 'scheduler', 'channels'] as const).map((s) => [
          s,
          logLines(s).filter((l) => l.trace_id === traceId),
        ]),
      );
      return Promise.resolve(Object.values(byService).every((lines) => lines.length > 0) && byService);
    },
    20_000,
    300,
  ).catch(() => undefined);
  const counts = Object.fromEntries(
    (['api-gateway', 'orchestrator', 'scheduler', 'channels'] as const).map((s) => [
      s,
      logLines(s).filter((l) => l.trace_id === traceId).length,
    ]),
  );
  expect(traced).toBeDefined();
  expect(Object.values(counts).every((n) => n > 0)).toBe(true);
  expect(traced!['api-gateway']).toContainEqual(
    expect.objectContaining({ msg: 'request handled', status: 202, workspaceId: expect.any(String) }),
  );
  expect(traced!.orchestrator).toContainEqual(
    expect.objectContaining({ workspaceId: expect.any(String), service: 'orchestrator' }),
  );
  expect(traced!.channels).toContainEqual(expect.objectContaining({ instanceId: instance.id }));
  expect(traced!.scheduler).toContainEqual(expect.objectContaining({ instanceId: instance.id }));

  // The wait's fire (published by the scheduler's poller, later) continued the same trace: the
  // orchestrator's step on it, and channels' second send, the one after the wait.
  const timerSteps = logLines('orchestrator').filter(
    (l) => String(l.correlationId).startsWith('orchestrator-timers:') && l.instanceId === instance.id,
  );
  expect(timerSteps.length).toBeGreaterThan(0);
  expect(timerSteps.map((l) => l.trace_id)).toEqual(timerSteps.map(() => traceId));
  const sendsReceived = logLines('channels').filter(
    (l) =>
      l.msg === 'message received' && l.instanceId === instance.id && String(l.subject).includes('.sends.'),
  );
  expect(sendsReceived).toHaveLength(2);
  expect(sendsReceived.map((l) => l.trace_id)).toEqual([traceId, traceId]);
});

it("carries a designer request's trace from the gateway through the ai-designer to the model's HTTP call", async () => {
  const graph = {
    nodes: [
      { id: 'entry', type: 'event_entry', config: { event: 'signed_up' } },
      { id: 'welcome', type: 'send_email', config: { template: 'welcome' } },
    ],
    edges: [{ from: 'entry', to: 'welcome', output: 'next' }],
    exitCriteria: null,
    goal: null,
  };
  gemini.script = [{ text: JSON.stringify({ explanation: 'A welcome email.', graph }), chunks: 3 }];
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(`${stack.gatewayUrl}/v1/designer/sessions/stream`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    body: JSON.stringify({ brief: 'When a customer signs up, send a welcome email.' }),
  });
  expect(res.status).toBe(201);
  const stream = await res.text();
  expect(stream).toContain('event: turn');
  expect(stream).toContain('"designer":"gemini"');

  // The model's streaming call carried the trace (a span of it: same trace id, its own span id).
  expect(gemini.requests).toHaveLength(1);
  expect(gemini.requests[0].path).toContain(':streamGenerateContent');
  expect(gemini.requests[0].traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  // And the ai-designer's lines of the streaming RPC name it.
  const lines = await eventually(
    () => {
      const traced = logLines('ai-designer').filter((l) => l.trace_id === traceId);
      return Promise.resolve(traced.length > 0 && traced);
    },
    10_000,
    200,
  );
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'rpc received', method: 'streamMessage' }));
  await eventually(
    () => Promise.resolve(logLines('api-gateway').some((l) => l.trace_id === traceId)),
    10_000,
    200,
  );
});

it('serves /healthz, /readyz and /metrics (system, JetStream lag, dependencies, business) on every service', async () => {
  const text = async (service: ServiceName, route: string) => {
    const res = await fetch(`${stack.healthUrl(service)}${route}`);
    return { status: res.status, body: await res.text() };
  };
  for (const service of SERVICES) {
    expect({ service, ...(await text(service, '/healthz')) }).toMatchObject({ service, status: 200 });
    expect({ service, ...(await text(service, '/readyz')) }).toMatchObject({ service, status: 200 });
    const metrics = (await text(service, '/metrics')).body;
    for (const name of ['nodejs_eventloop_lag_seconds', 'process_resident_memory_bytes'])
      expect({ service, has: metrics.includes(name) }).toEqual({ service, has: true });
  }
  const metricsOf = async (service: ServiceName) => (await text(service, '/metrics')).body;
  const orchestrator = await metricsOf('orchestrator');
  expect(orchestrator).toMatch(/kalcifer_journey_events_total\{type="journey.entered"[^}]*\} [1-9]/);
  expect(orchestrator).toMatch(/kalcifer_node_executions_total\{kind="send_email"[^}]*\} [1-9]/);
  expect(orchestrator).toMatch(/kalcifer_jetstream_consumer_pending_messages\{stream="[^"]+",durable="/);
  expect(orchestrator).toMatch(/kalcifer_jetstream_consumer_ack_pending_messages\{stream="[^"]+",durable="/);
  expect(orchestrator).toMatch(/kalcifer_dependency_up\{dependency="mongo"[^}]*\} 1/);
  expect(orchestrator).toMatch(/kalcifer_dependency_check_seconds\{dependency="redis"/);
  // Every MongoDB and Redis command timed, by command name.
  for (const service of ['orchestrator', 'scheduler'] as const) {
    const text = await metricsOf(service);
    for (const pattern of [
      /kalcifer_mongodb_command_duration_seconds_count\{[^}]*command="[a-zA-Z]+"[^}]*\} [1-9]/,
      /kalcifer_redis_command_duration_seconds_count\{[^}]*command="[a-z]+"[^}]*\} [1-9]/,
    ])
      expect({ service, timed: pattern.test(text) }).toEqual({ service, timed: true });
  }
  for (const service of ['channels', 'analytics', 'ai-designer'] as const)
    expect({
      service,
      timed: /kalcifer_mongodb_command_duration_seconds_count\{[^}]*command="[a-zA-Z]+"[^}]*\} [1-9]/.test(
        await metricsOf(service),
      ),
    }).toEqual({ service, timed: true });
  expect(await metricsOf('channels')).toMatch(/kalcifer_channels_sends_total\{[^}]*channel="email"/);
  expect(await metricsOf('scheduler')).toMatch(/scheduler_timers_scheduled_total\{[^}]*\} [1-9]/);
  for (const service of ['scheduler', 'channels', 'analytics'] as const)
    expect({
      service,
      lag: (await metricsOf(service)).includes('kalcifer_jetstream_consumer_pending_messages{'),
    }).toEqual({ service, lag: true });
});
