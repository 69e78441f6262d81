/**
 * GET /v1/stream over real HTTP, reading the real KALCIFER_JOURNAL stream: journal messages are
 * published as the orchestrator publishes them (subject per workspace and journey, msg id).
 */
import mongoose from 'mongoose';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { STREAMS, journalSubject, type JournalMessage, type JourneyEventType } from '@kalcifer/contracts';
import { infra, resetAll, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { SseClient } from './sse-client';
import { call, memoryLogger, startGateway } from './support';

const DB = 'kalcifer_gateway_stream_it';
let gateway: GatewayHandle;
let orchestrator: FakeOrchestrator;
let connection: mongoose.Connection;
let nc: NatsConnection;
let js: JetStreamClient;
let a: { workspaceId: string; apiKey: string };
let b: { workspaceId: string; apiKey: string };
const open: SseClient[] = [];

beforeAll(async () => {
  await resetAll(DB);
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  const store = new MongoWorkspaceStore(connection);
  await store.ensureIndexes();
  a = await createWorkspace(store, { name: 'A' });
  b = await createWorkspace(store, { name: 'B' });
  // The journeys the filters below name (a filter must name one of the workspace's journeys).
  orchestrator = await startFakeOrchestrator(memoryLogger().logger);
  for (const id of ['jr_goal', 'jr_dup', 'jr_old']) addJourney(a.workspaceId, id);
  addJourney(b.workspaceId, 'jr_b_only');
  gateway = await startGateway(DB, { ORCHESTRATOR_GRPC_URL: orchestrator.address });
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
}, 60_000);

afterEach(() => open.splice(0).forEach((c) => c.close()));

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await connection?.close();
  await nc?.close();
});

function addJourney(workspaceId: string, id: string): void {
  const now = new Date().toISOString();
  orchestrator.journeys.set(`${workspaceId}/${id}`, {
    id,
    workspaceId,
    name: id,
    description: '',
    status: 'active',
    draft: { nodes: [], edges: [] },
    latestVersion: 1,
    activeVersion: 1,
    createdAt: now,
    updatedAt: now,
    webhookToken: '',
  });
}

let step = 0;
/** Publishes one step's journal message as the orchestrator does; returns its instance id. */
async function publishStep(
  workspaceId: string,
  journeyId: string,
  types: JourneyEventType[] = ['node.entered'],
  instanceId = `in_${++step}`,
): Promise<string> {
  const body: JournalMessage = {
    workspaceId,
    journeyId,
    version: 1,
    instanceId,
    customerId: `c-${step}`,
    events: types.map((type, i) => ({ type, at: 1_000 + i, nodeId: `n${i}` })),
  };
  await js.publish(journalSubject(workspaceId, journeyId), JSON.stringify(body), {
    msgID: `journal:${instanceId}`,
  });
  return instanceId;
}

async function stream(key: string, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await SseClient.open(`${gateway.url}/v1/stream${query}`, {
    authorization: `Bearer ${key}`,
    ...headers,
  });
  open.push(client);
  return client;
}

const instancesOf = (events: { data: string }[]) =>
  events.map((e) => (JSON.parse(e.data) as JournalMessage).instanceId);

describe('GET /v1/stream', () => {
  it('resumes after Last-Event-ID with no event lost or repeated, and never shows another workspace', async () => {
    const first = await stream(a.apiKey);
    expect(first.status).toBe(200);
    const sent: string[] = [];
    for (let i = 0; i < 10; i++) {
      sent.push(await publishStep(a.workspaceId, 'jr_one'));
      await publishStep(b.workspaceId, 'jr_one'); // another workspace, same journey id
    }
    const seen = await first.take(4);
    first.close(); // the client drops mid-stream...
    for (let i = 0; i < 6; i++) sent.push(await publishStep(a.workspaceId, i % 2 ? 'jr_one' : 'jr_two'));

    // ...and reconnects with the id of the last event it got, as EventSource does.
    const lastId = seen[3].id ?? '';
    const resumed = await stream(a.apiKey, '', { 'last-event-id': lastId });
    const rest = await resumed.take(12);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.received()).toHaveLength(12); // nothing more

    const all = [...seen, ...rest];
    expect(instancesOf(all)).toEqual(sent);
    const ids = all.map((e) => Number(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    expect(all.every((e) => e.event === 'journal')).toBe(true);
    expect(all.every((e) => (JSON.parse(e.data) as JournalMessage).workspaceId === a.workspaceId)).toBe(true);
  });

  it('resumes from ?lastEventId= as from the header', async () => {
    const live = await stream(a.apiKey);
    const x = await publishStep(a.workspaceId, 'jr_q');
    const y = await publishStep(a.workspaceId, 'jr_q');
    const [ex] = await live.take(1);
    expect(instancesOf([ex])).toEqual([x]);
    const resumed = await stream(a.apiKey, `?lastEventId=${ex.id}`);
    expect(instancesOf(await resumed.take(1))).toEqual([y]);
  });

  it('filters by journey and by event type, keeping only the requested events of a step', async () => {
    const client = await stream(a.apiKey, '?journeyId=jr_goal&types=goal.reached,journey.completed');
    await publishStep(a.workspaceId, 'jr_other', ['goal.reached']);
    await publishStep(a.workspaceId, 'jr_goal', ['node.entered', 'node.exited']);
    const wanted = await publishStep(a.workspaceId, 'jr_goal', [
      'node.entered',
      'goal.reached',
      'journey.completed',
    ]);
    const [event] = await client.take(1);
    const body = JSON.parse(event.data) as JournalMessage;
    expect(body.instanceId).toBe(wanted);
    expect(body.events.map((e) => e.type)).toEqual(['goal.reached', 'journey.completed']);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.received()).toHaveLength(1);
  });

  it('shows a re-published step once (the journal drops a duplicate message id)', async () => {
    const client = await stream(a.apiKey, '?journeyId=jr_dup');
    const id = await publishStep(a.workspaceId, 'jr_dup');
    await publishStep(a.workspaceId, 'jr_dup', ['node.entered'], id); // outbox recovery after a crash
    const last = await publishStep(a.workspaceId, 'jr_dup');
    expect(instancesOf(await client.take(2))).toEqual([id, last]);
  });

  it('says so with a gap event when the events after Last-Event-ID are no longer kept', async () => {
    const live = await stream(a.apiKey, '?journeyId=jr_old');
    await publishStep(a.workspaceId, 'jr_old');
    const [old] = await live.take(1);
    const kept = await publishStep(a.workspaceId, 'jr_old');
    const [, keptEvent] = await live.take(2);
    // Expiry (max age) as JetStream does it: everything before the kept event goes.
    await (await jetstreamManager(nc)).streams.purge(STREAMS.journal.name, { seq: Number(keptEvent.id) });
    const resumed = await stream(a.apiKey, '?journeyId=jr_old', {
      'last-event-id': String(Number(old.id) - 1),
    });
    const [gap, next] = await resumed.take(2);
    expect(gap).toMatchObject({ event: 'gap' });
    expect(JSON.parse(gap.data)).toEqual({
      lastEventId: Number(old.id) - 1,
      firstAvailableId: Number(keptEvent.id),
    });
    expect(instancesOf([next])).toEqual([kept]);
  });

  it("ends a reader's consumer on the server when the reader goes away", async () => {
    const jsm = await jetstreamManager(nc);
    const readers = async () =>
      (await jsm.consumers.list(STREAMS.journal.name).next()).filter((c) => c.name !== 'gateway-webhooks')
        .length;
    open.splice(0).forEach((c) => c.close());
    await new Promise((r) => setTimeout(r, 500));
    const before = await readers();
    const clients = await Promise.all([stream(a.apiKey), stream(a.apiKey), stream(b.apiKey)]);
    expect(await readers()).toBe(before + 3);
    clients.forEach((c) => c.close());
    const deadline = Date.now() + 5_000;
    while ((await readers()) > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await readers()).toBe(before);
  });

  it('refuses bad filters and ids with a 400 that says what to send', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['?types=node.entered,bogus', {}, /unknown event type "bogus"/],
      ['?journeyId=jr.one.>', {}, /journeyId must be a journey id/],
      ['', { 'last-event-id': 'abc' }, /Last-Event-ID .* must be the id of an event/],
      ['?since=5', {}, /since/],
    ];
    for (const [query, headers, message] of cases) {
      const res = await stream(a.apiKey, query, headers);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({
        error: { code: 'invalid_request', message: expect.stringMatching(message) },
      });
    }
    expect((await call(gateway, 'GET', '/v1/stream')).status).toBe(401);
  });

  it("answers 404 naming the journey, before opening the stream, for an unknown journey or another workspace's", async () => {
    for (const journeyId of ['jr_nosuch', 'jr_b_only']) {
      const res = await stream(a.apiKey, `?journeyId=${journeyId}`);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toEqual({
        error: {
          code: 'journey_not_found',
          message: `No journey with id "${journeyId}" in this workspace`,
        },
      });
    }
    // B's own journey is B's to watch.
    expect((await stream(b.apiKey, '?journeyId=jr_b_only')).status).toBe(200);
  });
});
