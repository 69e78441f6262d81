/**
 * The gateway against real NATS JetStream and the MongoDB-wire server (DocumentDB), over real HTTP, with the orchestrator
 * unreachable (so every route that needs it must answer 503 cleanly).
 */
import mongoose from 'mongoose';
import {
  STREAMS,
  subjects,
  type CustomerEventBatchMessage,
  type CustomerEventMessage,
} from '@kalcifer/contracts';
import { infra, resetAll, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { createLogger } from '@kalcifer/platform';
import { JetStreamPublisher } from '../src/infrastructure/jetstream-publisher';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { connectIngestBus } from '../src/infrastructure/nats-bus';
import { call, startGateway, StreamReader, unusedPort } from './support';

const DB = 'kalcifer_gateway_it';
const EVENTS = STREAMS.events.name;

let gateway: GatewayHandle;
let reader: StreamReader;
let connection: mongoose.Connection;
let key: string;
let workspaceId: string;
let otherKey: string;
let otherWorkspaceId: string;

const eventsOf = (ws: string) => subjects.events(ws);

beforeAll(async () => {
  await resetAll(DB);
  gateway = await startGateway(DB, { ORCHESTRATOR_GRPC_URL: `127.0.0.1:${await unusedPort()}` });
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  const store = new MongoWorkspaceStore(connection);
  ({ apiKey: key, workspaceId } = await createWorkspace(store, { name: 'Acme' }));
  ({ apiKey: otherKey, workspaceId: otherWorkspaceId } = await createWorkspace(store, { name: 'Other' }));
  reader = await StreamReader.open();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await reader?.close();
  await connection?.close();
});

describe('authentication', () => {
  it('refuses a request without an API key with 401 missing_api_key and publishes nothing', async () => {
    const res = await call(gateway, 'POST', '/v1/events', { body: { customerId: 'c1', name: 'signed_up' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('missing_api_key');
    expect(res.body.error.message).toContain('Authorization: Bearer');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(0);
  });

  it('refuses a wrong API key with 401 invalid_api_key and publishes nothing', async () => {
    const res = await call(gateway, 'POST', '/v1/events/batch', {
      key: 'kal_00000000000000000000000000000000',
      body: { events: [{ customerId: 'c1', name: 'signed_up' }] },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(0);
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const res = await call(gateway, 'GET', '/v1/journeys', { headers: { authorization: `Basic ${key}` } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
  });

  it('checks the key before reading the body (an unauthenticated client learns nothing about its JSON)', async () => {
    const res = await call(gateway, 'POST', '/v1/events', { body: '{"customerId": ' });
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/events', () => {
  it('publishes the event to the workspace subject with a deterministic message id', async () => {
    const res = await call(gateway, 'POST', '/v1/events', {
      key,
      body: {
        customerId: 'cust-1',
        name: 'email_opened',
        properties: { campaign: 'spring' },
        timestamp: '2026-03-01T10:00:00Z',
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String) });
    const [msg, ...rest] = await reader.read<CustomerEventMessage>(EVENTS, eventsOf(workspaceId));
    expect(rest).toHaveLength(0);
    expect(msg.msgId).toBe(`event:${workspaceId}:${res.body.id}`);
    expect(msg.body).toEqual({
      workspaceId,
      customerId: 'cust-1',
      event: {
        id: res.body.id,
        name: 'email_opened',
        properties: { campaign: 'spring' },
        timestamp: Date.UTC(2026, 2, 1, 10),
      },
      receivedAt: expect.any(Number),
    });
  });

  it('keeps a client-chosen id, so a retry is dropped by JetStream as a duplicate', async () => {
    const before = await reader.count(EVENTS, eventsOf(workspaceId));
    const body = { customerId: 'cust-2', name: 'purchase_completed', id: 'order-1001' };
    const first = await call(gateway, 'POST', '/v1/events', { key, body });
    const retry = await call(gateway, 'POST', '/v1/events', { key, body });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(first.body).toEqual({ id: 'order-1001' });
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(before + 1);
  });

  it('publishes to the subject of the workspace the key belongs to', async () => {
    const res = await call(gateway, 'POST', '/v1/events', {
      key: otherKey,
      body: { customerId: 'x', name: 'y' },
    });
    expect(res.status).toBe(202);
    const msgs = await reader.read<CustomerEventMessage>(EVENTS, eventsOf(otherWorkspaceId));
    expect(msgs.map((m) => m.body.workspaceId)).toEqual([otherWorkspaceId]);
  });

  it('answers malformed JSON with 400 malformed_json and publishes nothing', async () => {
    const before = await reader.count(EVENTS, eventsOf(workspaceId));
    const res = await call(gateway, 'POST', '/v1/events', { key, body: '{"customerId": "c1", "name": ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
    expect(res.body.error.message).toContain('not valid JSON');
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(before);
  });

  it('answers an event without customerId with 400 invalid_request naming the field, and publishes nothing', async () => {
    const before = await reader.count(EVENTS, eventsOf(workspaceId));
    const res = await call(gateway, 'POST', '/v1/events', { key, body: { name: 'email_opened' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('customerId is required');
    expect(res.body.error.details.issues[0].path).toBe('customerId');
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(before);
  });

  it('asks for a JSON body when the content type is not JSON', async () => {
    const res = await call(gateway, 'POST', '/v1/events', {
      key,
      body: 'customerId=c1&name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Content-Type: application/json');
  });
});

describe('POST /v1/events/batch', () => {
  it('publishes every event, in batch messages of EVENTS_PER_MESSAGE, ids in request order', async () => {
    const before = await reader.count(EVENTS, eventsOf(workspaceId));
    const events = Array.from({ length: 250 }, (_, i) => ({
      customerId: `c${i % 7}`,
      name: 'page_viewed',
      properties: { i },
    }));
    const res = await call(gateway, 'POST', '/v1/events/batch', { key, body: { events } });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(250);
    expect(res.body.ids).toHaveLength(250);
    const published = (await reader.read<CustomerEventBatchMessage>(EVENTS, eventsOf(workspaceId))).slice(
      before,
    );
    expect(published.map((m) => m.body.events.length)).toEqual([100, 100, 50]);
    for (const m of published) {
      expect(m.msgId).toMatch(new RegExp(`^event-batch:${workspaceId}:`));
      expect(m.body.workspaceId).toBe(workspaceId);
    }
    const carried = published.flatMap((m) => m.body.events);
    expect(carried.map((e) => e.event.id)).toEqual(res.body.ids);
    carried.forEach((e, i) => {
      expect(e.workspaceId).toBe(workspaceId);
      expect(e.event.properties).toEqual({ i });
      expect(e.customerId).toBe(`c${i % 7}`);
      expect(e.receivedAt).toEqual(expect.any(Number));
    });
  });

  it('refuses the whole batch when one event is invalid, naming it, and publishes nothing', async () => {
    const before = await reader.count(EVENTS, eventsOf(workspaceId));
    const res = await call(gateway, 'POST', '/v1/events/batch', {
      key,
      body: { events: [{ customerId: 'a', name: 'x' }, { customerId: 'b' }, { customerId: 'c', name: 'x' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('events[1]: name is required');
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(before);
  });

  it('answers a batch of more than 1,000 events with 413 batch_too_large and publishes nothing', async () => {
    const before = await reader.count(EVENTS, eventsOf(workspaceId));
    const events = Array.from({ length: 1001 }, () => ({ customerId: 'c', name: 'x' }));
    const res = await call(gateway, 'POST', '/v1/events/batch', { key, body: { events } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('batch_too_large');
    expect(await reader.count(EVENTS, eventsOf(workspaceId))).toBe(before);
  });

  it('answers a body over the size limit with 413 payload_too_large', async () => {
    const big = 'x'.repeat(6 * 1024 * 1024);
    const res = await call(gateway, 'POST', '/v1/events', {
      key,
      body: { customerId: 'c', name: 'x', properties: { big } },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});

describe('routes that need the orchestrator, while it is unreachable', () => {
  it.each([
    ['GET', '/v1/journeys', undefined],
    ['POST', '/v1/journeys', { name: 'Welcome' }],
    ['GET', '/v1/journeys/j1', undefined],
    ['POST', '/v1/journeys/j1/activate', undefined],
    ['POST', '/v1/journeys/j1/enrollments', { customerId: 'c1' }],
    ['PUT', '/v1/customers/c1', { attributes: { plan: 'pro' } }],
    ['GET', '/v1/customers/c1/trace', undefined],
    ['GET', '/v1/instances?status=waiting', undefined],
  ])('%s %s answers 503 service_unavailable', async (method, path, body) => {
    const res = await call(gateway, method, path, { key, body });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('service_unavailable');
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('publishes no enrollment when the journey cannot be checked', async () => {
    expect(await reader.count(STREAMS.signals.name, subjects.enroll(workspaceId))).toBe(0);
  });

  it('refuses an unknown publishing strategy before asking the orchestrator', async () => {
    const res = await call(gateway, 'POST', '/v1/journeys/j1/versions', {
      key,
      body: { strategy: 'migrate_some' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unsupported_strategy');
    expect(res.body.error.message).toContain('migrate_all');
  });

  it('refuses an invalid graph with invalid_graph listing the issues, before asking the orchestrator', async () => {
    const res = await call(gateway, 'POST', '/v1/journeys', {
      key,
      body: { name: 'Broken', graph: { nodes: [{ id: 'start', type: 'teleport', config: {} }], edges: [] } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_graph');
    expect(res.body.error.details.errors).toContainEqual(
      expect.objectContaining({
        code: 'unknown_node_type',
        nodeId: 'start',
        message: expect.stringContaining('teleport'),
      }),
    );
  });
});

describe('unversioned routes', () => {
  it('GET /healthz answers while dependencies are down', async () => {
    const res = await call(gateway, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz says which dependency is missing', async () => {
    const res = await call(gateway, 'GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'not_ready',
      checks: { nats: true, mongodb: true, orchestrator: false },
    });
  });

  it('GET /openapi.json is an OpenAPI 3.1 document with every route', async () => {
    const res = await call(gateway, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const routes = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /v1/journeys',
        'GET /v1/journeys',
        'GET /v1/journeys/{id}',
        'GET /v1/journeys/{id}/occupancy',
        'PUT /v1/journeys/{id}/draft',
        'POST /v1/journeys/{id}/validate',
        'POST /v1/journeys/{id}/versions',
        'GET /v1/journeys/{id}/versions',
        'GET /v1/journeys/{id}/versions/{n}',
        'POST /v1/journeys/{id}/activate',
        'POST /v1/journeys/{id}/pause',
        'POST /v1/journeys/{id}/resume',
        'POST /v1/journeys/{id}/archive',
        'POST /v1/journeys/{id}/enrollments',
        'POST /v1/events',
        'POST /v1/events/batch',
        'PUT /v1/customers/{id}',
        'GET /v1/customers/{id}',
        'GET /v1/customers/{id}/trace',
        'GET /v1/instances',
        'GET /v1/instances/{id}',
        'POST /v1/instances/{id}/pause',
        'POST /v1/instances/{id}/resume',
        'POST /v1/instances/{id}/exit',
        'POST /v1/hooks/{journeyId}/{token}',
        'GET /v1/frequency-caps',
        'PUT /v1/frequency-caps',
        'GET /v1/providers',
        'PUT /v1/providers/{channel}',
        'DELETE /v1/providers/{channel}',
        'POST /v1/webhooks/{provider}/{workspaceId}',
        'GET /v1/webhooks/{provider}/{workspaceId}',
        'GET /v1/journeys/{id}/diff',
        'POST /v1/journeys/{id}/rollback',
        'GET /v1/journeys/{id}/audit',
        'GET /v1/journeys/{id}/migrations',
        'GET /v1/journeys/{id}/migrations/{mid}',
        'GET /v1/journeys/{id}/migrations/{mid}/progress',
        'POST /v1/journeys/{id}/migrations/{mid}/rollout',
        'POST /v1/journeys/{id}/migrations/{mid}/halt',
        'POST /v1/instances/{id}/release',
        'POST /v1/designer/sessions',
        'POST /v1/designer/sessions/stream',
        'POST /v1/designer/sessions/{id}/messages',
        'POST /v1/designer/sessions/{id}/messages/stream',
        'POST /v1/designer/documents',
        'POST /v1/journeys/{id}/explain',
        'POST /v1/journeys/{id}/suggestions',
        'GET /v1/journeys/{id}/analytics',
        'GET /v1/journeys/{id}/analytics/ab-results',
        'GET /v1/journeys/{id}/analytics/nodes',
        'GET /v1/journeys/{id}/analytics/funnel',
        'GET /v1/stream',
        'POST /v1/webhook-subscriptions',
        'GET /v1/webhook-subscriptions',
        'GET /v1/webhook-subscriptions/{id}',
        'PATCH /v1/webhook-subscriptions/{id}',
        'DELETE /v1/webhook-subscriptions/{id}',
        'POST /v1/webhook-subscriptions/{id}/rotate-secret',
        'GET /v1/webhook-subscriptions/{id}/deliveries',
        'POST /v1/api-keys',
        'GET /v1/api-keys',
        'DELETE /v1/api-keys/{id}',
        'POST /v1/members',
        'GET /v1/members',
        'PATCH /v1/members/{id}',
        'DELETE /v1/members/{id}',
        'GET /v1/me',
        'POST /v1/alert-rules',
        'GET /v1/alert-rules',
        'GET /v1/alert-rules/{id}',
        'PATCH /v1/alert-rules/{id}',
        'DELETE /v1/alert-rules/{id}',
        'GET /v1/audit',
        'GET /v1/quotas',
        'PUT /v1/quotas',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /openapi.json',
        'GET /docs',
      ].sort(),
    );
    expect(res.body.components.schemas.JourneyGraph).toBeDefined();
  });

  it('GET /docs is a self-contained HTML page listing the operations', async () => {
    const res = await call(gateway, 'GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('POST /v1/events/batch');
    expect(res.body).not.toContain('<script');
  });

  it('GET /metrics counts requests by route template and status', async () => {
    const res = await call(gateway, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(
      /http_requests_total\{[^}]*method="POST",route="\/v1\/events",status="202"[^}]*\} \d+/,
    );
    expect(res.body).toMatch(/http_requests_total\{[^}]*route="\/v1\/journeys\/\{id\}",status="503"/);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{/);
    expect(res.body).toMatch(/kalcifer_gateway_events_accepted_total\{[^}]*\} (25[3-9]|2[6-9]\d)/);
    // Its MongoDB commands (API keys read) timed by command name.
    expect(res.body).toMatch(
      /kalcifer_mongodb_command_duration_seconds_count\{[^}]*command="find"[^}]*\} [1-9]/,
    );
  });

  it('answers an unknown route with 404 route_not_found', async () => {
    const res = await call(gateway, 'GET', '/v1/teleport', { key });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });

  it('answers a wrong method on a known path with 405 and an Allow header of the methods it answers', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/journeys/jr_1', 'GET'],
      ['PUT', '/v1/journeys', 'GET, POST'],
      ['GET', '/v1/events', 'POST'],
      ['PUT', '/v1/webhook-subscriptions/whs_1/', 'GET, PATCH, DELETE'],
      ['POST', '/healthz', 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await call(gateway, method, path, { key });
      expect({ method, path, status: res.status, allow: res.headers.get('allow'), body: res.body }).toEqual({
        method,
        path,
        status: 405,
        allow,
        body: {
          error: {
            code: 'method_not_allowed',
            message: `${method} is not allowed on ${path}: it answers ${allow}; the API is described at /openapi.json`,
          },
        },
      });
    }
    // Without a key the credential is still checked first; an unknown path is still 404.
    expect((await call(gateway, 'DELETE', '/v1/journeys/jr_1')).status).toBe(401);
    expect((await call(gateway, 'DELETE', '/v1/teleport', { key })).status).toBe(404);
  });

  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const given = await call(gateway, 'GET', '/healthz', { headers: { 'x-request-id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const made = await call(gateway, 'GET', '/healthz', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the JetStream publisher without a connection', () => {
  it('fails at once with service_unavailable and publishes nothing', async () => {
    const logger = createLogger('api-gateway-test', 'silent');
    const bus = await connectIngestBus(infra.natsUrl, logger);
    const publisher = new JetStreamPublisher(bus, logger);
    await bus.nc.close();
    const subject = subjects.events('ws_closedconnection');
    const started = Date.now();
    await expect(
      publisher.publish([{ subject, msgId: 'event:ws_closedconnection:1', body: {} }]),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'service_unavailable',
    });
    expect(Date.now() - started).toBeLessThan(500);
    expect(await reader.count(EVENTS, subject)).toBe(0);
  });
});

describe('infrastructure used', () => {
  it('talks to the configured NATS and database', () => {
    expect(gateway.config.NATS_URL).toBe(infra.natsUrl);
    expect(gateway.config.MONGODB_DB).toBe(DB);
  });
});
