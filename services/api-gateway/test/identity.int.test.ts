/**
 * Identity and administration against real MongoDB, Redis and NATS over real HTTP (the
 * orchestrator is the in-memory gRPC stand-in): API keys, JWT (HS256, RS256 from a JWKS served by a
 * local HTTP server), the role x route permission matrix, the audit trail, rate limits and quotas.
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { STREAMS, subjects } from '@kalcifer/contracts';
import { resetAll, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { hashApiKey } from '../src/application/api-key';
import { ROLES, roleAllows, type Role } from '../src/application/permissions';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { ROUTE_POLICIES } from '../src/transport/http/route-permissions';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, memoryLogger, startGateway, StreamReader, unusedPort } from './support';

const DB = 'kalcifer_gateway_identity_it';
const HS_SECRET = 'a-shared-secret-of-at-least-32-characters!';

let gateway: GatewayHandle;
let orchestrator: FakeOrchestrator;
let connection: mongoose.Connection;
let store: MongoWorkspaceStore;
let reader: StreamReader;
let jwks: Server;
let jwksKeys: { kid: string; publicKey: KeyObject }[] = [];
let jwksRequests = 0;
let adminKey: string;
let workspaceId: string;

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

function jwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  sign: (data: string) => Buffer,
) {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc(header)}.${enc(claims)}`;
  return `${data}.${sign(data).toString('base64url')}`;
}
const hs256 = (claims: Record<string, unknown>, secret = HS_SECRET) =>
  jwt({ alg: 'HS256', typ: 'JWT' }, claims, (d) => createHmac('sha256', secret).update(d).digest());
const rs256 = (claims: Record<string, unknown>, kid: string, privateKey: KeyObject) =>
  jwt({ alg: 'RS256', typ: 'JWT', kid }, claims, (d) => createSign('RSA-SHA256').update(d).sign(privateKey));
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function newKey(role: Role, name = `${role}-key`): Promise<string> {
  const res = await call(gateway, 'POST', '/v1/api-keys', { key: adminKey, body: { name, role } });
  expect(res.status).toBe(201);
  return res.body.key as string;
}

beforeAll(async () => {
  await resetAll(DB);
  jwks = createServer((_req, res) => {
    jwksRequests++;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        keys: jwksKeys.map(({ kid, publicKey }) => ({
          ...publicKey.export({ format: 'jwk' }),
          kid,
          use: 'sig',
          alg: 'RS256',
        })),
      }),
    );
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const logs = memoryLogger();
  orchestrator = await startFakeOrchestrator(logs.logger);
  gateway = await startGateway(
    DB,
    {
      ORCHESTRATOR_GRPC_URL: orchestrator.address,
      CHANNELS_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
      AI_DESIGNER_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
      ANALYTICS_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
      WEBHOOK_DELIVERY: 'off',
      JWT_HS256_SECRET: HS_SECRET,
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
    },
    logs.logger,
  );
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  store = new MongoWorkspaceStore(connection);
  ({ apiKey: adminKey, workspaceId } = await createWorkspace(store, { name: 'Acme' }));
  reader = await StreamReader.open();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await reader?.close();
  await connection?.close();
  await new Promise((resolve) => jwks?.close(resolve));
});

describe('API keys', () => {
  it('creates a key shown once, stored as its hash, listed by prefix, name, role, dates', async () => {
    const created = await call(gateway, 'POST', '/v1/api-keys', {
      key: adminKey,
      body: { name: 'ci', role: 'editor', expiresAt: '2099-01-01T00:00:00Z' },
    });
    expect(created.status).toBe(201);
    const { key, id, prefix } = created.body;
    expect(key).toMatch(/^kal_[A-Za-z0-9]{32}$/);
    expect(prefix).toBe((key as string).slice(0, 12));
    expect(id).toMatch(/^key_[0-9a-f]{20}$/);
    expect(created.body).toMatchObject({
      name: 'ci',
      role: 'editor',
      expiresAt: '2099-01-01T00:00:00.000Z',
      status: 'active',
    });

    const stored = await connection.collection('api_keys').findOne({ _id: hashApiKey(key) as never });
    expect(stored).toMatchObject({ name: 'ci', role: 'editor', prefix });
    expect(JSON.stringify(stored)).not.toContain(key);

    expect((await call(gateway, 'GET', '/v1/journeys', { key })).status).toBe(200);
    const list = await call(gateway, 'GET', '/v1/api-keys', { key: adminKey });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const listed = (list.body.keys as { id: string }[]).find((k) => k.id === id);
    expect(listed).toEqual({
      id,
      name: 'ci',
      role: 'editor',
      prefix,
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: '2099-01-01T00:00:00.000Z',
      revokedAt: null,
      status: 'active',
    });
  });

  it('refuses a revoked key with 401 api_key_revoked, at once', async () => {
    const key = await newKey('editor', 'to-revoke');
    expect((await call(gateway, 'GET', '/v1/journeys', { key })).status).toBe(200);
    const id = `key_${hashApiKey(key).slice(0, 20)}`;
    const revoked = await call(gateway, 'DELETE', `/v1/api-keys/${id}`, { key: adminKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, status: 'revoked', revokedAt: expect.any(String) });
    const res = await call(gateway, 'GET', '/v1/journeys', { key });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('api_key_revoked');
    expect(res.body.error.message).toMatch(/revoked at .*ask an admin/);
  });

  it('refuses an expired key with 401 api_key_expired', async () => {
    const key = 'kal_expiredexpiredexpiredexpired12';
    await store.insertApiKey({
      keyHash: hashApiKey(key),
      workspaceId,
      name: 'old',
      role: 'admin',
      createdAt: new Date(Date.now() - 86_400_000),
      expiresAt: new Date(Date.now() - 1_000),
    });
    const res = await call(gateway, 'GET', '/v1/journeys', { key });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'api_key_expired' });
    expect(res.body.error.message).toContain('expired at');
  });

  it('reads a key stored with the old member role as an editor', async () => {
    const key = 'kal_legacymemberlegacymember12345';
    await connection.collection('api_keys').insertOne({
      _id: hashApiKey(key) as never,
      workspaceId,
      name: 'legacy',
      role: 'member',
      createdAt: new Date(),
    });
    expect((await call(gateway, 'POST', '/v1/journeys', { key, body: { name: 'L' } })).status).toBe(201);
    expect((await call(gateway, 'GET', '/v1/api-keys', { key })).status).toBe(403);
  });

  it('refuses bad input with 400 and creates nothing', async () => {
    const before = (await call(gateway, 'GET', '/v1/api-keys', { key: adminKey })).body.keys.length;
    for (const body of [
      { name: 'x', role: 'owner' },
      { name: '' },
      { name: 'x', expiresAt: '2001-01-01T00:00:00Z' },
      { name: 'x', expiresAt: 'tomorrow' },
      { name: 'x', scopes: ['all'] },
    ]) {
      const res = await call(gateway, 'POST', '/v1/api-keys', { key: adminKey, body });
      expect(res.status).toBe(400);
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    expect((await call(gateway, 'GET', '/v1/api-keys', { key: adminKey })).body.keys.length).toBe(before);
  });

  it('answers 404 for a key id that is not one of the workspace', async () => {
    const res = await call(gateway, 'DELETE', '/v1/api-keys/key_00000000000000000000', { key: adminKey });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('api_key_not_found');
  });
});

describe('the permission matrix', () => {
  const fill = (path: string) =>
    path.replace(':channel', 'email').replace(':n', '1').replace(':mid', 'm1').replace(/:\w+/g, 'j1');

  /** The status only: a streaming answer is not read to its end. */
  async function statusOf(
    method: string,
    path: string,
    key: string,
  ): Promise<{ status: number; code?: string }> {
    const res = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    if (res.headers.get('content-type')?.includes('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status };
    }
    const text = await res.text();
    return {
      status: res.status,
      code: res.status === 403 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined,
    };
  }

  it('allows each role exactly the routes its permission covers, and answers 403 insufficient_role otherwise', async () => {
    const keys = Object.fromEntries(
      await Promise.all(ROLES.map(async (r) => [r, await newKey(r, `matrix-${r}`)])),
    );
    const wrong: string[] = [];
    let checked = 0;
    for (const [route, policy] of Object.entries(ROUTE_POLICIES)) {
      if (policy.permission === 'public') continue;
      const [method, path] = route.split(' ');
      for (const role of ROLES) {
        const { status, code } = await statusOf(method, fill(path), keys[role] as string);
        const allowed = roleAllows(role, policy.permission);
        checked++;
        if (allowed ? status === 403 || status === 401 : status !== 403 || code !== 'insufficient_role')
          wrong.push(`${role} ${route}: ${status} ${code ?? ''} (expected ${allowed ? 'allowed' : '403'})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(170);
  }, 120_000);

  it('says which role a route needs', async () => {
    const viewer = await newKey('viewer');
    const res = await call(gateway, 'POST', '/v1/journeys', { key: viewer, body: { name: 'x' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'insufficient_role',
      details: { required: 'editor', role: 'viewer' },
    });
    expect(res.body.error.message).toContain('POST /v1/journeys needs the editor role');
  });
});

describe('JWT for console users', () => {
  it('accepts an HS256 token: its workspace and role claims decide', async () => {
    const editor = hs256({ sub: 'alice', exp: inAnHour(), workspace: workspaceId, role: 'editor' });
    const created = await call(gateway, 'POST', '/v1/journeys', { key: editor, body: { name: 'By Alice' } });
    expect(created.status).toBe(201);
    const viewer = hs256({ sub: 'bob', exp: inAnHour(), workspace: workspaceId, role: 'viewer' });
    expect((await call(gateway, 'GET', '/v1/journeys', { key: viewer })).status).toBe(200);
    expect((await call(gateway, 'POST', '/v1/journeys', { key: viewer, body: { name: 'x' } })).status).toBe(
      403,
    );
  });

  it.each([
    [
      'a wrong signature',
      () =>
        hs256(
          { sub: 'a', exp: inAnHour(), workspace: workspaceId, role: 'admin' },
          'another-secret-of-at-least-32-characters',
        ),
      'invalid_token',
    ],
    [
      'an expired token',
      () =>
        hs256({ sub: 'a', exp: Math.floor(Date.now() / 1000) - 120, workspace: workspaceId, role: 'admin' }),
      'token_expired',
    ],
    ['no workspace claim', () => hs256({ sub: 'a', exp: inAnHour(), role: 'admin' }), 'invalid_token'],
    [
      'an unknown role',
      () => hs256({ sub: 'a', exp: inAnHour(), workspace: workspaceId, role: 'owner' }),
      'invalid_token',
    ],
    [
      'a workspace that does not exist',
      () => hs256({ sub: 'a', exp: inAnHour(), workspace: 'ws_nope', role: 'admin' }),
      'invalid_token',
    ],
    [
      'alg none',
      () =>
        jwt({ alg: 'none' }, { sub: 'a', exp: inAnHour(), workspace: workspaceId, role: 'admin' }, () =>
          Buffer.alloc(0),
        ),
      'invalid_token',
    ],
  ])('refuses %s with 401', async (_what, token, code) => {
    const res = await call(gateway, 'GET', '/v1/journeys', { key: token() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(code);
  });

  it('accepts RS256 tokens signed by a key of the JWKS, and picks up a rotated key', async () => {
    const first = rsa();
    jwksKeys = [{ kid: 'k1', publicKey: first.publicKey }];
    const token = rs256(
      { sub: 'carol', exp: inAnHour(), workspace: workspaceId, role: 'admin' },
      'k1',
      first.privateKey,
    );
    const res = await call(gateway, 'GET', '/v1/api-keys', { key: token });
    expect(res.status).toBe(200);

    const second = rsa();
    jwksKeys.push({ kid: 'k2', publicKey: second.publicKey });
    const rotated = rs256(
      { sub: 'carol', exp: inAnHour(), workspace: workspaceId, role: 'viewer' },
      'k2',
      second.privateKey,
    );
    // k2 is unknown to the cached JWKS: fetched again (at most once per 10 s).
    await new Promise((r) => setTimeout(r, 10_100));
    expect((await call(gateway, 'GET', '/v1/journeys', { key: rotated })).status).toBe(200);

    const forged = rs256(
      { sub: 'mallory', exp: inAnHour(), workspace: workspaceId, role: 'admin' },
      'k1',
      rsa().privateKey,
    );
    const refused = await call(gateway, 'GET', '/v1/journeys', { key: forged });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('signature');
    const unknownKid = rs256(
      { sub: 'm', exp: inAnHour(), workspace: workspaceId, role: 'admin' },
      'k9',
      first.privateKey,
    );
    expect((await call(gateway, 'GET', '/v1/journeys', { key: unknownKid })).status).toBe(401);
    expect(jwksRequests).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

describe('the audit trail', () => {
  it('records who changed what, when and from where; admins read it with filters and pages', async () => {
    const editor = hs256({ sub: 'dave', exp: inAnHour(), workspace: workspaceId, role: 'editor' });
    const created = await call(gateway, 'POST', '/v1/journeys', {
      key: editor,
      body: { name: 'Audited' },
      headers: { 'user-agent': 'audit-test/1.0' },
    });
    expect(created.status).toBe(201);
    const journeyId = created.body.id as string;
    expect(
      (
        await call(gateway, 'PUT', `/v1/journeys/${journeyId}/draft`, {
          key: editor,
          body: { graph: 'nope' },
        })
      ).status,
    ).toBe(400);
    expect((await call(gateway, 'POST', `/v1/journeys/${journeyId}/activate`, { key: editor })).status).toBe(
      200,
    );

    const res = await call(gateway, 'GET', `/v1/audit?targetId=${journeyId}`, { key: adminKey });
    expect(res.status).toBe(200);
    expect((res.body.entries as { action: string }[]).map((e) => e.action)).toEqual([
      'journey.activated',
      'journey.created',
    ]);
    expect(res.body.entries[1]).toMatchObject({
      actor: 'user:dave',
      role: 'editor',
      route: 'POST /v1/journeys',
      createdId: journeyId,
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'audit-test/1.0',
      at: expect.any(String),
    });
    expect(res.body.entries[0]).toMatchObject({
      route: 'POST /v1/journeys/{id}/activate',
      target: { id: journeyId },
    });

    const keyRes = await call(gateway, 'POST', '/v1/api-keys', {
      key: adminKey,
      body: { name: 'audited-key' },
    });
    const byAction = await call(gateway, 'GET', '/v1/audit?action=api_key.created&limit=1', {
      key: adminKey,
    });
    expect(byAction.body.entries).toHaveLength(1);
    expect(byAction.body.entries[0]).toMatchObject({
      action: 'api_key.created',
      actor: 'api_key:admin',
      createdId: keyRes.body.id,
    });
    expect(JSON.stringify(byAction.body)).not.toContain(keyRes.body.key);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = await call(gateway, 'GET', `/v1/audit?limit=2${q}`, { key: adminKey });
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...(page.body.entries as { id: string }[]).map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('is for admins only, and refuses bad filters with 400', async () => {
    const editor = await newKey('editor');
    expect((await call(gateway, 'GET', '/v1/audit', { key: editor })).status).toBe(403);
    for (const q of ['limit=0', 'since=yesterday', 'actor[$ne]=x', 'cursor=abc', 'verb=x'])
      expect((await call(gateway, 'GET', `/v1/audit?${q}`, { key: adminKey })).status).toBe(400);
  });
});

describe('rate limits and quotas', () => {
  let ws: string;
  let admin: string;

  beforeAll(async () => {
    ({ apiKey: admin, workspaceId: ws } = await createWorkspace(store, { name: 'Limited' }));
  });

  it('shows the defaults, and refuses a bad quota with 400, changing nothing', async () => {
    const res = await call(gateway, 'GET', '/v1/quotas', { key: admin });
    expect(res.status).toBe(200);
    expect(res.body.quotas).toEqual(res.body.defaults);
    for (const body of [{}, { eventsPerSecond: 0 }, { eventsPerSecond: 1.5 }, { burst: 3 }])
      expect((await call(gateway, 'PUT', '/v1/quotas', { key: admin, body })).status).toBe(400);
    expect((await call(gateway, 'GET', '/v1/quotas', { key: admin })).body.quotas).toEqual(res.body.defaults);
  });

  it('answers 429 with Retry-After beyond the requests per second of a key; other keys are not limited', async () => {
    const viewer = await call(gateway, 'POST', '/v1/api-keys', {
      key: admin,
      body: { name: 'burst', role: 'viewer' },
    });
    const set = await call(gateway, 'PUT', '/v1/quotas', {
      key: admin,
      body: { requestsPerSecondPerKey: 5 },
    });
    expect(set.status).toBe(200);
    expect(set.body.quotas.requestsPerSecondPerKey).toBe(5);
    // Aligned to the start of a second, so the burst falls in one window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call(gateway, 'GET', '/v1/journeys', { key: viewer.body.key })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBe(5);
    expect(limited.length).toBe(7);
    expect(limited[0].headers.get('retry-after')).toBe('1');
    expect(limited[0].body.error.code).toBe('rate_limited');
    expect(limited[0].body.error.message).toContain('more than 5 requests per second');
    expect((await call(gateway, 'GET', '/v1/journeys', { key: admin })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(gateway, 'GET', '/v1/journeys', { key: viewer.body.key })).status).toBe(200);
    await call(gateway, 'PUT', '/v1/quotas', { key: admin, body: { requestsPerSecondPerKey: 1000 } });
  });

  it('answers 429 to events beyond the events per second and publishes none of them', async () => {
    await call(gateway, 'PUT', '/v1/quotas', { key: admin, body: { eventsPerSecond: 4 } });
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const events = (n: number) => ({
      events: Array.from({ length: n }, (_, i) => ({ customerId: `c${i}`, name: 'x' })),
    });
    expect((await call(gateway, 'POST', '/v1/events/batch', { key: admin, body: events(3) })).status).toBe(
      202,
    );
    const over = await call(gateway, 'POST', '/v1/events/batch', { key: admin, body: events(3) });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('1');
    expect(over.body.error.message).toContain('4 events per second');
    // The 3 accepted events, in one batch message.
    const published = await reader.read<{ events: unknown[] }>(STREAMS.events.name, subjects.events(ws));
    expect(published.map((m) => m.body.events.length)).toEqual([3]);
  });

  it('refuses to activate a journey beyond the active journeys quota with 429 quota_exceeded', async () => {
    await call(gateway, 'PUT', '/v1/quotas', {
      key: admin,
      body: { activeJourneys: 1, eventsPerSecond: 1000 },
    });
    const a = await call(gateway, 'POST', '/v1/journeys', { key: admin, body: { name: 'A' } });
    const b = await call(gateway, 'POST', '/v1/journeys', { key: admin, body: { name: 'B' } });
    expect((await call(gateway, 'POST', `/v1/journeys/${a.body.id}/activate`, { key: admin })).status).toBe(
      200,
    );
    // Activating the active one again is not a second journey.
    expect((await call(gateway, 'POST', `/v1/journeys/${a.body.id}/activate`, { key: admin })).status).toBe(
      200,
    );
    const refused = await call(gateway, 'POST', `/v1/journeys/${b.body.id}/activate`, { key: admin });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('quota_exceeded');
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(orchestrator.journeys.get(`${ws}/${b.body.id}`)?.status).toBe('draft');
  });

  it('is changed by admins only, and the change is audited', async () => {
    const editor = await call(gateway, 'POST', '/v1/api-keys', {
      key: admin,
      body: { name: 'ed', role: 'editor' },
    });
    expect(
      (await call(gateway, 'PUT', '/v1/quotas', { key: editor.body.key, body: { activeJourneys: 9 } }))
        .status,
    ).toBe(403);
    expect((await call(gateway, 'GET', '/v1/quotas', { key: editor.body.key })).status).toBe(403);
    const audit = await call(gateway, 'GET', '/v1/audit?action=quotas.updated', { key: admin });
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(3);
  });
});
