/** Workspaces and API keys in the gateway's own database (real MongoDB-wire server), used over real HTTP. */
import mongoose from 'mongoose';
import { resetAll, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { hashApiKey } from '../src/application/api-key';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { call, startGateway, unusedPort } from './support';

const DB = 'kalcifer_gateway_ws_it';

let connection: mongoose.Connection;
let store: MongoWorkspaceStore;
let gateway: GatewayHandle;

beforeAll(async () => {
  await resetAll(DB);
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  store = new MongoWorkspaceStore(connection);
  await store.ensureIndexes();
  gateway = await startGateway(DB, { ORCHESTRATOR_GRPC_URL: `127.0.0.1:${await unusedPort()}` });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await connection?.close();
});

const workspaceCount = () => connection.collection('workspaces').countDocuments({});

describe('creating a workspace', () => {
  it('generates a kal_ key and stores only its hash', async () => {
    const created = await createWorkspace(store, { name: 'Acme' });
    expect(created.created).toBe(true);
    expect(created.apiKey).toMatch(/^kal_[0-9A-Za-z]{32}$/);
    const doc = await connection.collection('api_keys').findOne({ workspaceId: created.workspaceId });
    expect(doc).toMatchObject({ _id: hashApiKey(created.apiKey), role: 'admin', name: 'admin' });
    expect(JSON.stringify(doc)).not.toContain(created.apiKey);
    expect(
      await connection.collection('workspaces').findOne({ _id: created.workspaceId as never }),
    ).toMatchObject({ name: 'Acme' });
  });

  it('lists a generated admin key by its first 12 characters, a chosen one by none', async () => {
    const generated = await createWorkspace(store, { name: 'Listed' });
    const listed = await call(gateway, 'GET', '/v1/api-keys', { key: generated.apiKey });
    expect(listed.status).toBe(200);
    expect(listed.body.keys).toEqual([
      expect.objectContaining({ name: 'admin', prefix: generated.apiKey.slice(0, 12) }),
    ]);
    const chosen = await createWorkspace(store, { name: 'Chosen', apiKey: 'kal_chosen_key_for_tests_01' });
    const unlisted = await call(gateway, 'GET', '/v1/api-keys', { key: chosen.apiKey });
    expect(unlisted.body.keys).toEqual([expect.objectContaining({ name: 'admin', prefix: null })]);
  });

  it('with a chosen key, twice, yields one workspace', async () => {
    const before = await workspaceCount();
    const first = await createWorkspace(store, { name: 'Demo', apiKey: 'kal_demo_key_for_tests_0001' });
    const second = await createWorkspace(store, { name: 'Demo', apiKey: 'kal_demo_key_for_tests_0001' });
    expect(first.created).toBe(true);
    expect(second).toEqual({
      workspaceId: first.workspaceId,
      apiKey: 'kal_demo_key_for_tests_0001',
      created: false,
    });
    expect(await workspaceCount()).toBe(before + 1);
  });

  it('with a chosen key, several times at once, still yields one workspace', async () => {
    const before = await workspaceCount();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        createWorkspace(store, { name: 'Race', apiKey: 'kal_race_key_for_tests_0001' }),
      ),
    );
    expect(new Set(results.map((r) => r.workspaceId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await workspaceCount()).toBe(before + 1);
  });

  it('refuses a chosen key that is too short, creating nothing', async () => {
    const before = await workspaceCount();
    await expect(createWorkspace(store, { name: 'Weak', apiKey: 'secret' })).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
    expect(await workspaceCount()).toBe(before);
  });

  it('gives a key the gateway accepts at once', async () => {
    const { apiKey, workspaceId } = await createWorkspace(store, {
      name: 'Fresh',
      apiKey: 'kal_fresh_key_for_tests_0001',
    });
    const res = await call(gateway, 'POST', '/v1/events', {
      key: apiKey,
      body: { customerId: 'c', name: 'x' },
    });
    expect(res.status).toBe(202);
    expect(workspaceId).toMatch(/^ws_/);
  });
});
