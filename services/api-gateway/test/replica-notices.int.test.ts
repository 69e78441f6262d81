/**
 * Two gateway replicas on one database and one NATS: a member change or a key revocation made
 * through one is in force on the other at once (a core NATS notice), not when the other's cache
 * expires. The cache time here is a minute, so only the notice can explain it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, memoryLogger, startGateway, unusedPort } from './support';

const DB = `kalcifer_gateway_replicas_${randomBytes(3).toString('hex')}`;
const HS_SECRET = 'replica-notices-test-secret-of-32-characters';
/** Longer than the test: an answer that changes did not come from the cache expiring. */
const CACHE_MS = 60_000;

let one: GatewayHandle;
let two: GatewayHandle;
let orchestrator: FakeOrchestrator;
let connection: mongoose.Connection;
let admin: string;
let workspaceId: string;

const token = (claims: Record<string, unknown>) => {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
  return `${data}.${createHmac('sha256', HS_SECRET).update(data).digest('base64url')}`;
};
const status = async (gateway: GatewayHandle, method: string, path: string, key: string, body?: unknown) =>
  (await call(gateway, method, path, { key, body })).status;

/** The status the replica answers, polled until it is `expected` or 2 s passed (far below CACHE_MS). */
async function soon(read: () => Promise<number>, expected: number): Promise<number> {
  const until = Date.now() + 2_000;
  let last = await read();
  while (last !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

beforeAll(async () => {
  await dropDatabase(DB);
  orchestrator = await startFakeOrchestrator(memoryLogger().logger);
  const config = {
    ORCHESTRATOR_GRPC_URL: orchestrator.address,
    CHANNELS_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
    WEBHOOK_DELIVERY: 'off' as const,
    JWT_HS256_SECRET: HS_SECRET,
    API_KEY_CACHE_MS: CACHE_MS,
  };
  [one, two] = await Promise.all([startGateway(DB, config), startGateway(DB, config)]);
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  ({ apiKey: admin, workspaceId } = await createWorkspace(new MongoWorkspaceStore(connection), {
    name: 'Replicas',
  }));
}, 60_000);

afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
  await orchestrator?.close();
  await connection?.dropDatabase();
  await connection?.close();
});

describe('gateway replicas', () => {
  it('a member added, promoted and removed through one replica is in force on the other at once', async () => {
    const ada = token({ sub: 'auth0|ada', workspace: workspaceId });
    const read = () => status(two, 'GET', '/v1/journeys', ada);
    const write = () => status(two, 'POST', '/v1/journeys', ada, { name: 'By Ada' });
    // Replica two remembers "not a member" (for CACHE_MS without a notice).
    expect(await read()).toBe(401);

    const added = await call(one, 'POST', '/v1/members', {
      key: admin,
      body: { subject: 'auth0|ada', role: 'viewer' },
    });
    expect(added.status).toBe(201);
    expect(await soon(read, 200)).toBe(200);
    expect(await write()).toBe(403);

    const member = (added.body as { id: string }).id;
    expect(await status(one, 'PATCH', `/v1/members/${member}`, admin, { role: 'editor' })).toBe(200);
    expect(await soon(write, 201)).toBe(201);

    expect(await status(one, 'DELETE', `/v1/members/${member}`, admin)).toBe(200);
    expect(await soon(read, 401)).toBe(401);
  });

  it('an API key revoked through one replica is refused by the other at once', async () => {
    const created = await call(one, 'POST', '/v1/api-keys', {
      key: admin,
      body: { name: 'short-lived', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const { key, id } = created.body as { key: string; id: string };
    const read = () => status(two, 'GET', '/v1/journeys', key);
    // Replica two caches the key as valid.
    expect(await read()).toBe(200);

    expect(await status(one, 'DELETE', `/v1/api-keys/${id}`, admin)).toBe(200);
    expect(await soon(read, 401)).toBe(401);
  });
});
