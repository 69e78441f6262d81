/**
 * Routes that name a journey or its nodes in their input refuse a name that is not one, instead of
 * answering as if nothing had happened there: a funnel step the journey never had, a webhook
 * subscription to a journey of no one. Against the stand-in orchestrator over real gRPC, a
 * stand-in channels service (it only says the workspace allows private targets) and the real
 * MongoDB-wire server; no analytics service, so a funnel that passes the gateway's checks is 503.
 * Also: suggestions asked with no body, as the docs show, read the journey's own figures.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { channelsGrpc } from '@kalcifer/contracts';
import { createLogger, startGrpcServer } from '@kalcifer/platform';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, startGateway, unusedPort } from './support';

const DB = `kalcifer_gateway_refs_${randomBytes(3).toString('hex')}`;

const GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'welcome', type: 'send_email', config: { template: 'welcome' } },
    { id: 'done', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'welcome', output: 'next' },
    { from: 'welcome', to: 'done', output: 'next' },
  ],
};

let orchestrator: FakeOrchestrator;
let channels: { port: number; close(): Promise<void> };
let gateway: GatewayHandle;
let connection: mongoose.Connection;
let key: string;
let journeyId: string;

beforeAll(async () => {
  await dropDatabase(DB);
  const logger = createLogger('test', 'silent');
  orchestrator = await startFakeOrchestrator(logger);
  const unused = () => Promise.reject(new Error('not in this test'));
  channels = await startGrpcServer(
    channelsGrpc.ChannelsService,
    {
      listProviders: () =>
        Promise.resolve({
          providers: [
            {
              channel: 'webhook',
              provider: 'http',
              settings: { allowPrivateTargets: true },
              credentials: {},
              updatedAt: '',
            },
          ],
        }),
      putProvider: unused,
      deleteProvider: unused,
      ingestProviderWebhook: unused,
    },
    '127.0.0.1:0',
    logger,
  );
  gateway = await startGateway(DB, {
    ORCHESTRATOR_GRPC_URL: orchestrator.address,
    CHANNELS_GRPC_URL: `127.0.0.1:${channels.port}`,
    ANALYTICS_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
    WEBHOOK_DELIVERY: 'off',
  });
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  ({ apiKey: key } = await createWorkspace(new MongoWorkspaceStore(connection), { name: 'Refs' }));
  const created = await call(gateway, 'POST', '/v1/journeys', {
    key,
    body: { name: 'Welcome', graph: GRAPH },
  });
  expect(created.status).toBe(201);
  journeyId = created.body.id;
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await channels?.close();
  await connection?.dropDatabase();
  await connection?.close();
});

describe('the funnel of a journey', () => {
  it('refuses a path naming a node the journey never had, with 400 unknown_node naming it and the nodes', async () => {
    const res = await call(
      gateway,
      'GET',
      `/v1/journeys/${journeyId}/analytics/funnel?path=entry,welcom,done`,
      {
        key,
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'unknown_node',
      message: `path names "welcom", not a node of journey ${journeyId} (its nodes: done, entry, welcome)`,
      details: {
        issues: [{ path: 'path[1]', message: `"welcom" is not a node of journey ${journeyId}` }],
        nodeIds: ['done', 'entry', 'welcome'],
      },
    });
  });

  it("hands a path of the journey's own nodes on to the analytics service (absent here: 503)", async () => {
    const res = await call(
      gateway,
      'GET',
      `/v1/journeys/${journeyId}/analytics/funnel?path=entry,welcome,done`,
      {
        key,
      },
    );
    expect(res.status).toBe(503);
  });

  it('still answers 404 journey_not_found for a journey the workspace does not have', async () => {
    const res = await call(gateway, 'GET', '/v1/journeys/jr_nobody/analytics/funnel?path=entry,done', {
      key,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('journey_not_found');
  });
});

describe('a webhook subscription to one journey', () => {
  const url = 'http://127.0.0.1:9/hook';

  it('is refused with 404 journey_not_found when the journey is not one of the workspace, storing nothing', async () => {
    const res = await call(gateway, 'POST', '/v1/webhook-subscriptions', {
      key,
      body: { url, journeyId: 'jr_Q2x9' },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('journey_not_found');
    const list = await call(gateway, 'GET', '/v1/webhook-subscriptions', { key });
    expect(list.body).toEqual({ subscriptions: [] });
  });

  it('is made for a journey of the workspace, and cannot be pointed at an unknown one later', async () => {
    const created = await call(gateway, 'POST', '/v1/webhook-subscriptions', {
      key,
      body: { url, journeyId },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    const moved = await call(gateway, 'PATCH', `/v1/webhook-subscriptions/${id}`, {
      key,
      body: { journeyId: 'jr_Q2x9' },
    });
    expect(moved.status).toBe(404);
    expect(moved.body.error.code).toBe('journey_not_found');
    expect((await call(gateway, 'GET', `/v1/webhook-subscriptions/${id}`, { key })).body.journeyId).toBe(
      journeyId,
    );

    const everyJourney = await call(gateway, 'PATCH', `/v1/webhook-subscriptions/${id}`, {
      key,
      body: { journeyId: null },
    });
    expect(everyJourney.status).toBe(200);
    expect(everyJourney.body.journeyId).toBeUndefined();
  });

  it('lists its deliveries with nextCursor null on the last page, like every paged list', async () => {
    const created = await call(gateway, 'POST', '/v1/webhook-subscriptions', { key, body: { url } });
    const res = await call(gateway, 'GET', `/v1/webhook-subscriptions/${created.body.id}/deliveries`, {
      key,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deliveries: [], nextCursor: null });
  });
});

describe('suggestions for a journey', () => {
  it("are asked with no body, reading the journey's own figures (from the analytics service, absent here: 503)", async () => {
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/suggestions`, { key });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('service_unavailable');
  });
});
