/**
 * Webhook subscription secrets at rest and their rotation, against the real MongoDB-wire server:
 * the raw documents never hold a secret in clear; a rotation issues a new secret and, for the
 * grace period, deliveries carry a signature by each; a key rotation re-encrypts them.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { channelsGrpc } from '@kalcifer/contracts';
import { createLogger, keyIdOf, SecretCipher, startGrpcServer } from '@kalcifer/platform';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { DispatchWebhooks } from '../src/application/dispatch-webhooks';
import { verifyWebhook } from '../src/application/webhook-signature';
import type { GatewayConfig } from '../src/config';
import { MongoWebhookStore } from '../src/infrastructure/mongo-webhook-store';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { call, startGateway, unusedPort } from './support';

const DB = `kalcifer_gateway_wh_secrets_${randomBytes(3).toString('hex')}`;
const KEY_1 = randomBytes(32).toString('base64');
const KEY_2 = randomBytes(32).toString('base64');

let gateway: GatewayHandle;
let connection: mongoose.Connection;
let admin: string;
let workspaceId: string;
let receiver: Server;
let receiverUrl: string;
let channels: { port: number; close(): Promise<void> };
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

const rawSubscription = (id: string) =>
  connection
    .collection<{ _id: string } & Record<string, unknown>>('webhook_subscriptions')
    .findOne({ _id: id });

beforeAll(async () => {
  await dropDatabase(DB);
  // The channels service, as far as the gateway asks it: the workspace allows private targets.
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
    createLogger('test', 'silent'),
  );
  gateway = await startGateway(DB, {
    ORCHESTRATOR_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
    CHANNELS_GRPC_URL: `127.0.0.1:${channels.port}`,
    KALCIFER_ENCRYPTION_KEY: KEY_1,
    WEBHOOK_DELIVERY: 'off',
  });
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  ({ apiKey: admin, workspaceId } = await createWorkspace(new MongoWorkspaceStore(connection), {
    name: 'Secrets',
  }));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await connection?.dropDatabase();
  await connection?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await channels?.close();
});

/** Sends one delivery of the subscription now, as the gateway's sender does, to the local receiver. */
async function deliverOnce(subscriptionId: string, cipher: SecretCipher) {
  const store = new MongoWebhookStore(connection, cipher);
  const eventId = String(Date.now());
  await store.enqueue([
    {
      id: `${subscriptionId}:${eventId}`,
      workspaceId,
      subscriptionId,
      eventId,
      journeyId: 'jr_1',
      instanceId: 'in_1',
      payload: `{"id":"${eventId}"}`,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(0),
      log: [],
      createdAt: new Date(),
    },
  ]);
  const dispatch = new DispatchWebhooks(
    store,
    { allowsPrivateTargets: () => Promise.resolve(true), forget: () => undefined },
    {
      WEBHOOK_TIMEOUT_MS: 2_000,
      WEBHOOK_MAX_ATTEMPTS: 3,
      WEBHOOK_RETRY_BASE_MS: 10,
      WEBHOOK_RETRY_MAX_MS: 10,
    } as GatewayConfig,
    createLogger('test', 'silent'),
  );
  const before = received.length;
  expect(await dispatch.dispatchOne()).toBe(true);
  expect(received).toHaveLength(before + 1);
  return received[received.length - 1];
}

const verifies = (secret: string, r: { headers: IncomingHttpHeaders; body: string }) =>
  verifyWebhook(
    secret,
    {
      timestamp: String(r.headers['kalcifer-timestamp']),
      signature: String(r.headers['kalcifer-signature']),
    },
    r.body,
    Math.floor(Date.now() / 1000),
  );

describe('webhook subscription secrets', () => {
  let id: string;
  let first: string;
  let second: string;

  it('are sealed at rest: the raw document holds no secret in clear', async () => {
    const created = await call(gateway, 'POST', '/v1/webhook-subscriptions', {
      key: admin,
      body: { url: receiverUrl },
    });
    expect(created.status).toBe(201);
    ({ id, secret: first } = created.body as { id: string; secret: string });
    expect(first).toMatch(/^whsec_/);
    const raw = await rawSubscription(id);
    expect(raw?.secret).toMatch(new RegExp(`^v1:${keyIdOf(Buffer.from(KEY_1, 'base64'))}:`));
    expect(JSON.stringify(raw)).not.toContain(first);
    expect(JSON.stringify(raw)).not.toContain(first.slice('whsec_'.length, 20));
    const delivery = await deliverOnce(id, SecretCipher.fromBase64(KEY_1));
    expect(delivery.headers['kalcifer-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifies(first, delivery)).toBe(true);
  });

  it('rotate: admins only, a bad grace period is a 400 that changes nothing', async () => {
    const viewer = await call(gateway, 'POST', '/v1/api-keys', {
      key: admin,
      body: { name: 'ro', role: 'viewer' },
    });
    expect(viewer.status).toBe(201);
    const before = await rawSubscription(id);
    const refused = await call(gateway, 'POST', `/v1/webhook-subscriptions/${id}/rotate-secret`, {
      key: (viewer.body as { key: string }).key,
    });
    expect(refused.status).toBe(403);
    const bad = await call(gateway, 'POST', `/v1/webhook-subscriptions/${id}/rotate-secret`, {
      key: admin,
      body: { graceSeconds: -1 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('graceSeconds must be 0 or more');
    const unknown = await call(gateway, 'POST', `/v1/webhook-subscriptions/${id}/rotate-secret`, {
      key: admin,
      body: { grace: 5 },
    });
    expect(unknown.status).toBe(400);
    expect(await rawSubscription(id)).toEqual(before);
    const missing = await call(gateway, 'POST', '/v1/webhook-subscriptions/whs_nope/rotate-secret', {
      key: admin,
    });
    expect(missing.status).toBe(404);
  });

  it('rotate: a new secret shown once; during the grace period deliveries are signed by both', async () => {
    const rotated = await call(gateway, 'POST', `/v1/webhook-subscriptions/${id}/rotate-secret`, {
      key: admin,
      body: { graceSeconds: 3600 },
    });
    expect(rotated.status).toBe(200);
    second = (rotated.body as { secret: string }).secret;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    const expires = Date.parse((rotated.body as { previousSecretExpiresAt: string }).previousSecretExpiresAt);
    expect(expires).toBeGreaterThan(Date.now() + 3_500_000);
    const shown = await call(gateway, 'GET', `/v1/webhook-subscriptions/${id}`, { key: admin });
    expect(shown.body).not.toHaveProperty('secret');
    expect(shown.body).toMatchObject({ previousSecretExpiresAt: new Date(expires).toISOString() });
    const raw = JSON.stringify(await rawSubscription(id));
    expect(raw).not.toContain(first);
    expect(raw).not.toContain(second);

    const delivery = await deliverOnce(id, SecretCipher.fromBase64(KEY_1));
    expect(String(delivery.headers['kalcifer-signature']).split(',')).toHaveLength(2);
    expect(verifies(second, delivery)).toBe(true);
    expect(verifies(first, delivery)).toBe(true);

    const audit = await call(gateway, 'GET', '/v1/audit?action=webhook_subscription.secret_rotated', {
      key: admin,
    });
    expect(JSON.stringify(audit.body)).toContain('webhook_subscription.secret_rotated');
    expect(JSON.stringify(audit.body)).not.toContain(second);
  });

  it('rotate with graceSeconds 0: only the new secret signs', async () => {
    const rotated = await call(gateway, 'POST', `/v1/webhook-subscriptions/${id}/rotate-secret`, {
      key: admin,
      body: { graceSeconds: 0 },
    });
    const third = (rotated.body as { secret: string }).secret;
    const delivery = await deliverOnce(id, SecretCipher.fromBase64(KEY_1));
    expect(delivery.headers['kalcifer-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifies(third, delivery)).toBe(true);
    expect(verifies(second, delivery)).toBe(false);
  });

  it('a key rotation: the old key still opens them, re-encryption seals them under the new key', async () => {
    // A subscription stored in clear before a key was set.
    await connection.collection('webhook_subscriptions').insertOne({
      _id: 'whs_legacy' as never,
      workspaceId,
      url: receiverUrl,
      eventTypes: [],
      enabled: true,
      secret: 'whsec_legacy_plaintext_secret_0000000000000',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const rotatedKeys = SecretCipher.fromKeys(KEY_2, KEY_1);
    const store = new MongoWebhookStore(connection, rotatedKeys);
    const before = (await store.listSubscriptions(workspaceId)).map((s) => s.secret);
    expect(before).toContain('whsec_legacy_plaintext_secret_0000000000000');
    await expect(store.reencryptSecrets()).resolves.toEqual({ found: 2, reencrypted: 2, failed: [] });
    await expect(store.reencryptSecrets()).resolves.toEqual({ found: 0, reencrypted: 0, failed: [] });
    const onlyNewKey = new MongoWebhookStore(connection, SecretCipher.fromBase64(KEY_2));
    expect((await onlyNewKey.listSubscriptions(workspaceId)).map((s) => s.secret)).toEqual(before);
    const keyId2 = keyIdOf(Buffer.from(KEY_2, 'base64'));
    for (const doc of await connection.collection('webhook_subscriptions').find({}).toArray()) {
      expect(doc.secret).toMatch(new RegExp(`^v1:${keyId2}:`));
      if (doc.previousSecret !== undefined) expect(doc.previousSecret).toMatch(new RegExp(`^v1:${keyId2}:`));
    }
    expect(
      JSON.stringify(await connection.collection('webhook_subscriptions').find({}).toArray()),
    ).not.toContain('legacy_plaintext');
    // Without the old key, what it sealed is refused with a message naming the key id.
    const newOnlyBefore = SecretCipher.fromBase64(KEY_2);
    const sealedUnderOld = SecretCipher.fromBase64(KEY_1).encrypt('x', 'a');
    expect(() => newOnlyBefore.decrypt(sealedUnderOld, 'a')).toThrow(/key id/);
  });
});
