/**
 * Paged lists over real HTTP (and gRPC): a cursor the gateway issued pages on; one it did not
 * issue (made up, edited, another list's or another workspace's) is refused with 400
 * invalid_cursor, saying to start from the first page, and reads nothing.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { KalciferClient } from '@kalcifer/sdk';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { auditId } from '../src/application/audit-trail';
import { MongoWebhookStore } from '../src/infrastructure/mongo-webhook-store';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, memoryLogger, startGateway } from './support';

const DB = `kalcifer_gateway_cursors_${randomBytes(3).toString('hex')}`;
let gateway: GatewayHandle;
let orchestrator: FakeOrchestrator;
let connection: mongoose.Connection;
let a: { workspaceId: string; apiKey: string };
let b: { workspaceId: string; apiKey: string };

beforeAll(async () => {
  await dropDatabase(DB);
  orchestrator = await startFakeOrchestrator(memoryLogger().logger);
  gateway = await startGateway(DB, { ORCHESTRATOR_GRPC_URL: orchestrator.address, WEBHOOK_DELIVERY: 'off' });
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  const store = new MongoWorkspaceStore(connection);
  a = await createWorkspace(store, { name: 'A' });
  b = await createWorkspace(store, { name: 'B' });
  for (const name of ['one', 'two', 'three']) {
    expect((await call(gateway, 'POST', '/v1/journeys', { key: a.apiKey, body: { name } })).status).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await connection?.dropDatabase();
  await connection?.close();
});

const refused = {
  error: {
    code: 'invalid_cursor',
    message: expect.stringMatching(/^cursor is invalid: .*leave cursor out to start from the first page$/),
  },
};

describe('page cursors', () => {
  it('pages through the journeys with the cursors it hands out', async () => {
    const first = await call(gateway, 'GET', '/v1/journeys?limit=2', { key: a.apiKey });
    expect(first.status).toBe(200);
    expect(first.body.journeys).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await call(
      gateway,
      'GET',
      `/v1/journeys?limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`,
      { key: a.apiKey },
    );
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ nextCursor: null });
    const ids = [...first.body.journeys, ...second.body.journeys].map((j: { id: string }) => j.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses a cursor it did not issue on journeys and instances: made up, edited, or of another list or workspace', async () => {
    const issued = (await call(gateway, 'GET', '/v1/journeys?limit=1', { key: a.apiKey })).body
      .nextCursor as string;
    const [position, mac] = issued.split('.');
    const edited = `${Buffer.from('j9', 'utf8').toString('base64url')}.${mac}`;
    const flipped = `${position}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    const cases: [string, string, string][] = [
      [a.apiKey, '/v1/journeys', 'j2'], // a raw journey id, as the store pages
      [a.apiKey, '/v1/journeys', 'made-up-cursor'],
      [a.apiKey, '/v1/journeys', edited],
      [a.apiKey, '/v1/journeys', flipped],
      [a.apiKey, '/v1/journeys', `${issued}x`],
      [b.apiKey, '/v1/journeys', issued], // A's cursor in workspace B
      [a.apiKey, '/v1/instances', issued], // the journeys' cursor on instances
      [a.apiKey, '/v1/instances', 'in_zzz'],
    ];
    for (const [key, path, cursor] of cases) {
      const res = await call(gateway, 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { key });
      expect({ path, cursor, status: res.status, body: res.body }).toEqual({
        path,
        cursor,
        status: 400,
        body: { error: { ...refused.error, details: expect.anything() } },
      });
    }
  });

  it('refuses a made-up cursor on the audit trail and on a subscription’s deliveries, and pages both', async () => {
    // Old-style cursors that look right (an audit id, a sequence number) are refused too.
    const audit = await call(gateway, 'GET', `/v1/audit?cursor=${auditId(new Date())}`, { key: a.apiKey });
    expect(audit).toMatchObject({ status: 400, body: refused });
    const auditPage = await call(gateway, 'GET', '/v1/audit?limit=1', { key: a.apiKey });
    expect(auditPage.body.nextCursor).toEqual(expect.any(String));
    const auditNext = await call(
      gateway,
      'GET',
      `/v1/audit?limit=1&cursor=${encodeURIComponent(auditPage.body.nextCursor as string)}`,
      { key: a.apiKey },
    );
    expect(auditNext.status).toBe(200);
    expect(auditNext.body.entries[0].id).not.toBe(auditPage.body.entries[0].id);

    const store = new MongoWebhookStore(connection);
    const now = new Date();
    await store.insertSubscription({
      id: 'whs_paged',
      workspaceId: a.workspaceId,
      url: 'https://93.184.215.14/hook',
      eventTypes: [],
      enabled: true,
      secret: 'whsec_test',
      createdAt: now,
      updatedAt: now,
    });
    await store.enqueue(
      ['1', '2', '3'].map((eventId) => ({
        id: `whs_paged:${eventId}`,
        workspaceId: a.workspaceId,
        subscriptionId: 'whs_paged',
        eventId,
        journeyId: 'j1',
        instanceId: `in_${eventId}`,
        payload: '{}',
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        log: [],
        createdAt: now,
      })),
    );
    const path = '/v1/webhook-subscriptions/whs_paged/deliveries';
    const page = await call(gateway, 'GET', `${path}?limit=2`, { key: a.apiKey });
    expect(page.status).toBe(200);
    expect(page.body.deliveries).toHaveLength(2);
    const next = await call(
      gateway,
      'GET',
      `${path}?limit=2&cursor=${encodeURIComponent(page.body.nextCursor as string)}`,
      { key: a.apiKey },
    );
    expect(next.body).toMatchObject({ deliveries: [{ eventId: '1' }], nextCursor: null });
    for (const cursor of ['2', auditPage.body.nextCursor as string]) {
      const res = await call(gateway, 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`, {
        key: a.apiKey,
      });
      expect(res).toMatchObject({ status: 400, body: refused });
    }
  });

  it('answers a made-up cursor over gRPC with INVALID_ARGUMENT', async () => {
    const client = new KalciferClient({ address: `127.0.0.1:${gateway.grpcPort}`, apiKey: a.apiKey });
    try {
      await expect(client.listJourneys({ cursor: 'j2' })).rejects.toMatchObject({
        status: 'INVALID_ARGUMENT',
        errorCode: 'invalid_cursor',
      });
      const first = await client.listJourneys({ limit: 2 });
      const rest = await client.listJourneys({ limit: 2, cursor: first.nextCursor });
      expect(rest.journeys).toHaveLength(1);
    } finally {
      client.close();
    }
  });
});
