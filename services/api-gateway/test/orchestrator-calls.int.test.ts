/**
 * Routes that ask the orchestrator, against a stand-in orchestrator served over real gRPC (the
 * real one is being written in parallel; the lead's end-to-end tests cover the pair). NATS and
 * the MongoDB-wire server are real.
 */
import mongoose from 'mongoose';
import { STREAMS, subjects, type EnrollBatchMessage, type EnrollMessage } from '@kalcifer/contracts';
import { resetAll, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, memoryLogger, startGateway, StreamReader, unusedPort } from './support';

const DB = 'kalcifer_gateway_orch_it';
const SIGNALS = STREAMS.signals.name;

let orchestrator: FakeOrchestrator;
let gateway: GatewayHandle;
let reader: StreamReader;
let connection: mongoose.Connection;
let key: string;
let workspaceId: string;
let logLines: Record<string, unknown>[];

const GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'done', type: 'exit', config: {} },
  ],
  edges: [{ from: 'entry', to: 'done', output: 'next' }],
};

beforeAll(async () => {
  await resetAll(DB);
  const logs = memoryLogger();
  logLines = logs.lines;
  orchestrator = await startFakeOrchestrator(logs.logger);
  gateway = await startGateway(
    DB,
    // No analytics service: a rule that passes the gateway's checks ends in 503.
    { ORCHESTRATOR_GRPC_URL: orchestrator.address, ANALYTICS_GRPC_URL: `127.0.0.1:${await unusedPort()}` },
    logs.logger,
  );
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  ({ apiKey: key, workspaceId } = await createWorkspace(new MongoWorkspaceStore(connection), {
    name: 'Acme',
  }));
  reader = await StreamReader.open();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await reader?.close();
  await connection?.close();
});

describe('journeys through the orchestrator', () => {
  let journeyId: string;

  it('creates a journey and answers with its public representation', async () => {
    const res = await call(gateway, 'POST', '/v1/journeys', { key, body: { name: 'Welcome', graph: GRAPH } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Welcome',
      description: '',
      status: 'draft',
      draft: GRAPH,
      latestVersion: null,
      activeVersion: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      webhookPath: expect.stringMatching(/^\/v1\/hooks\//),
    });
    journeyId = res.body.id;
    expect(orchestrator.journeys.get(`${workspaceId}/${journeyId}`)?.workspaceId).toBe(workspaceId);
  });

  it('validates the saved draft', async () => {
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/validate`, { key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: true, errors: [] });
  });

  it('validates a graph given in the body, reporting each issue with its node', async () => {
    const graph = { nodes: [...GRAPH.nodes, { id: 'lost', type: 'exit', config: {} }], edges: GRAPH.edges };
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/validate`, { key, body: { graph } });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'orphan_node', nodeId: 'lost' })]);
  });

  it("maps the orchestrator's not_found to 404 with its code", async () => {
    const res = await call(gateway, 'GET', '/v1/journeys/nope', { key });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('journey_not_found');
  });

  it('refuses to enroll into a journey that is not active (409), publishing nothing', async () => {
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/enrollments`, {
      key,
      body: { customerId: 'c1' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('journey_not_active');
    expect(res.body.error.message).toContain('activate');
    expect(await reader.count(SIGNALS, subjects.enroll(workspaceId))).toBe(0);
  });

  it('enrolls at once after an activation made through the gateway (the cached status is dropped)', async () => {
    const activated = await call(gateway, 'POST', `/v1/journeys/${journeyId}/activate`, { key });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ status: 'active', activeVersion: 1 });
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/enrollments`, {
      key,
      body: {
        customerId: 'c1',
        context: { source: 'test' },
        attributes: { plan: 'pro' },
        enrollmentId: 'enr-1',
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: [{ enrollmentId: 'enr-1', customerId: 'c1' }] });
    const [msg] = await reader.read<EnrollMessage>(SIGNALS, subjects.enroll(workspaceId));
    expect(msg.msgId).toBe(`enroll:${workspaceId}:enr-1`);
    expect(msg.body).toEqual({
      workspaceId,
      journeyId,
      customerId: 'c1',
      enrollmentId: 'enr-1',
      context: { source: 'test' },
      attributes: { plan: 'pro' },
      acceptedAt: expect.any(Number),
    });
  });

  it('enrolls in bulk with generated ids, in batch messages, asking the orchestrator once for a burst', async () => {
    const callsBefore = orchestrator.calls.getJourney ?? 0;
    const countBefore = await reader.count(SIGNALS, subjects.enroll(workspaceId));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, r) =>
        call(gateway, 'POST', `/v1/journeys/${journeyId}/enrollments`, {
          key,
          body: { enrollments: Array.from({ length: 50 }, (_, i) => ({ customerId: `bulk-${r}-${i}` })) },
        }),
      ),
    );
    const accepted: { enrollmentId: string; customerId: string }[] = [];
    for (const res of responses) {
      expect(res.status).toBe(202);
      expect(res.body.accepted).toHaveLength(50);
      accepted.push(...res.body.accepted);
    }
    // One message per request (ENROLL_BATCH enrollments fit in one), each carrying its 50.
    expect(await reader.count(SIGNALS, subjects.enroll(workspaceId))).toBe(countBefore + 10);
    const batches = (await reader.read<EnrollBatchMessage>(SIGNALS, subjects.enroll(workspaceId))).slice(
      countBefore,
    );
    for (const batch of batches) {
      expect(batch.msgId).toMatch(new RegExp(`^enroll-batch:${workspaceId}:`));
      expect(batch.body).toMatchObject({ workspaceId, journeyId, acceptedAt: expect.any(Number) });
      expect(batch.body.enrollments).toHaveLength(50);
    }
    const carried = batches.flatMap((b) =>
      b.body.enrollments.map((e) => ({ enrollmentId: e.enrollmentId, customerId: e.customerId })),
    );
    const byId = (a: { enrollmentId: string }, b: { enrollmentId: string }) =>
      a.enrollmentId.localeCompare(b.enrollmentId);
    expect(carried.sort(byId)).toEqual(accepted.sort(byId));
    expect(new Set(carried.map((e) => e.enrollmentId)).size).toBe(500);
    expect((orchestrator.calls.getJourney ?? 0) - callsBefore).toBeLessThanOrEqual(1);
  });

  it('splits a request of more than ENROLL_BATCH enrollments into several batch messages', async () => {
    const countBefore = await reader.count(SIGNALS, subjects.enroll(workspaceId));
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/enrollments`, {
      key,
      body: { enrollments: Array.from({ length: 250 }, (_, i) => ({ customerId: `split-${i}` })) },
    });
    expect(res.status).toBe(202);
    const batches = (await reader.read<EnrollBatchMessage>(SIGNALS, subjects.enroll(workspaceId))).slice(
      countBefore,
    );
    expect(batches.map((b) => b.body.enrollments.length)).toEqual([50, 50, 50, 50, 50]);
    expect(batches.flatMap((b) => b.body.enrollments.map((e) => e.customerId))).toEqual(
      Array.from({ length: 250 }, (_, i) => `split-${i}`),
    );
  });

  it('treats a repeated enrollmentId as the same enrollment', async () => {
    const before = await reader.count(SIGNALS, subjects.enroll(workspaceId));
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/enrollments`, {
      key,
      body: { customerId: 'c1', enrollmentId: 'enr-1' },
    });
    expect(res.status).toBe(202);
    expect(await reader.count(SIGNALS, subjects.enroll(workspaceId))).toBe(before);
  });

  it('answers an enrollment into an unknown journey with 404 journey_not_found', async () => {
    const res = await call(gateway, 'POST', '/v1/journeys/missing/enrollments', {
      key,
      body: { customerId: 'c1' },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('journey_not_found');
  });

  it("lists the workspace's journeys with a null cursor on the last page", async () => {
    const res = await call(gateway, 'GET', '/v1/journeys?limit=10', { key });
    expect(res.status).toBe(200);
    expect((res.body.journeys as { id: string }[]).map((j) => j.id)).toEqual([journeyId]);
    expect(res.body.nextCursor).toBeNull();
  });

  it('answers a conflict from the orchestrator with 409 and its code', async () => {
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/pause`, { key });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
  });

  it('answers an unexpected orchestrator failure with 500 and an errorId that is in the log', async () => {
    // A PUT with a JSON body: the correlation id must survive body parsing into the log line.
    const res = await call(gateway, 'PUT', '/v1/customers/c1', {
      key,
      body: { attributes: { plan: 'pro' } },
    });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    const errorId = res.body.error.errorId as string;
    expect(errorId).toEqual(expect.any(String));
    const line = logLines.find((l) => l.errorId === errorId);
    expect(line).toMatchObject({
      level: 50,
      path: '/v1/customers/c1',
      correlationId: res.headers.get('x-request-id'),
    });
    expect(JSON.stringify(res.body)).not.toContain('not implemented');
  });

  it('reports ready when NATS, MongoDB and the orchestrator answer', async () => {
    const res = await call(gateway, 'GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { nats: true, mongodb: true, orchestrator: true } });
  });
});

describe('alert rules over a node', () => {
  let journeyId: string;
  const nodeRule = (nodeId: string) => ({
    name: 'Node failing',
    kind: 'failure_rate',
    journeyId,
    nodeId,
    thresholdPercent: 20,
    windowMinutes: 10,
  });

  beforeAll(async () => {
    const res = await call(gateway, 'POST', '/v1/journeys', { key, body: { name: 'Alerted', graph: GRAPH } });
    journeyId = res.body.id;
  });

  it('refuses a node that is not in the journey with 400 naming nodeId and the journey node ids', async () => {
    const res = await call(gateway, 'POST', '/v1/alert-rules', { key, body: nodeRule('ghost') });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'unknown_node',
      details: { issues: [{ path: 'nodeId', message: expect.any(String) }], nodeIds: ['done', 'entry'] },
    });
    expect(res.body.error.message).toBe(
      `nodeId "ghost" is not a node of journey ${journeyId} (its nodes: done, entry)`,
    );
  });

  it('refuses a change that points a rule at a node the journey lacks, before asking the analytics service', async () => {
    const res = await call(gateway, 'PATCH', '/v1/alert-rules/alr_any', {
      key,
      body: { journeyId, nodeId: 'ghost' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_node');
  });

  it("hands on a rule over one of the journey's nodes (to the analytics service, absent here: 503)", async () => {
    const res = await call(gateway, 'POST', '/v1/alert-rules', { key, body: nodeRule('done') });
    expect(res.status).toBe(503);
  });

  it('knows the nodes of published versions too, not only the draft', async () => {
    await call(gateway, 'POST', `/v1/journeys/${journeyId}/activate`, { key });
    const j = orchestrator.journeys.get(`${workspaceId}/${journeyId}`)!;
    // The draft moved on after version 1: 'done' is now only in the published version.
    orchestrator.journeys.set(`${workspaceId}/${journeyId}`, { ...j, draft: { nodes: [], edges: [] } });
    const res = await call(gateway, 'POST', '/v1/alert-rules', { key, body: nodeRule('done') });
    expect(res.status).toBe(503);
  });
});
