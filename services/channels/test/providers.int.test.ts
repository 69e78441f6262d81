/**
 * Providers end to end, in process: the gateway's /v1/providers and /v1/webhooks routes, the
 * channels worker with a sealed Twilio configuration, SMS and call_webhook sends through the
 * ledger to local fakes, and a signed Twilio status callback routed back as `sms.delivered`.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import mongoose from 'mongoose';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { STREAMS, subjects, type CustomerEventMessage } from '@kalcifer/contracts';
import { publishJson } from '@kalcifer/platform';
import { eventually, infra, testMongoUrl } from '../../../test/support/infra';
import { bootstrap as startGatewayApp, type GatewayHandle } from '../../api-gateway/src/app';
import { createWorkspace } from '../../api-gateway/src/application/create-workspace';
import { MongoWorkspaceStore } from '../../api-gateway/src/infrastructure/mongo-workspace-store';
import { bootstrap, type RunningChannels } from '../src/app';
import { ChannelsGrpcServer } from '../src/transport/channels.grpc';
import { fakeSendGrid, FAKE_SENDGRID_KEY } from './fakes/fake-sendgrid';
import { fakeTwilio, FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN, twilioSignature } from './fakes/fake-twilio';
import { fakeWebhookReceiver } from './fakes/fake-webhook-receiver';
import type { FakeServer } from './fakes/fake-server';
import { Bus, hex, intent, openLedger, StatusReader, testLogLevel } from './harness';

const DB = `kalcifer_channels_providers_${hex(3)}`;
const GATEWAY_DB = `kalcifer_gateway_providers_${hex(3)}`;
const PUBLIC_URL = 'https://kalcifer.test';

let twilio: FakeServer;
let sendgrid: FakeServer;
let receiver: FakeServer;
let worker: RunningChannels;
let gateway: GatewayHandle;
let gatewayMongo: mongoose.Connection;
let bus: Bus;
let statuses: StatusReader;
let apiKey: string;
let workspaceId: string;

async function api(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  twilio = await fakeTwilio().start();
  sendgrid = await fakeSendGrid().start();
  receiver = await fakeWebhookReceiver().start();
  worker = await bootstrap({
    CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
    MONGODB_DB: DB,
    LOG_LEVEL: testLogLevel,
    KALCIFER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_PUBLIC_URL: PUBLIC_URL,
    SEND_RETRY_BACKOFF_MS: '50',
    SEND_TIMEOUT_MS: '2000',
    SEND_LEASE_MS: '3000',
  });
  const grpcPort = worker.app.get(ChannelsGrpcServer).boundPort;
  gateway = await startGatewayApp({
    config: {
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: GATEWAY_DB,
      HTTP_PORT: 0,
      HTTP_HOST: '127.0.0.1',
      PUBLIC_GRPC_PORT: 0,
      LOG_LEVEL: 'silent',
      ORCHESTRATOR_GRPC_URL: '127.0.0.1:1',
      CHANNELS_GRPC_URL: `127.0.0.1:${grpcPort}`,
      WEBHOOK_PUBLIC_URL: PUBLIC_URL,
    },
  });
  gatewayMongo = await mongoose.createConnection(testMongoUrl(GATEWAY_DB)).asPromise();
  ({ apiKey, workspaceId } = await createWorkspace(new MongoWorkspaceStore(gatewayMongo), {
    name: 'Providers',
  }));
  bus = await Bus.connect();
  statuses = await new StatusReader(bus.js).start();
}, 60_000);

afterAll(async () => {
  await statuses?.stop();
  await bus?.close();
  await gateway?.close();
  await worker?.close();
  await gatewayMongo?.dropDatabase();
  await gatewayMongo?.close();
  await twilio?.stop();
  await sendgrid?.stop();
  await receiver?.stop();
});

describe('provider configuration through the API', () => {
  it('stores a Twilio SMS provider and never returns its credentials', async () => {
    const put = await api('PUT', '/v1/providers/sms', {
      provider: 'twilio',
      settings: { from: '+15005550006', baseUrl: twilio.baseUrl },
      credentials: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      channel: 'sms',
      provider: 'twilio',
      credentials: { authToken: { configured: true, hint: `…${FAKE_TWILIO_TOKEN.slice(-4)}` } },
    });
    const list = await api('GET', '/v1/providers');
    expect(list.status).toBe(200);
    expect(list.body.providers).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(FAKE_TWILIO_TOKEN);
    // At rest too: the channels database holds only the sealed form.
    const conn = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
    const stored = await conn.collection('provider_configs').findOne({ workspaceId });
    await conn.close();
    expect(JSON.stringify(stored)).not.toContain(FAKE_TWILIO_TOKEN);
    expect(stored?.sealedCredentials).toMatch(/^v1:/);
  });

  it('answers 400 with every field to fix', async () => {
    const res = await api('PUT', '/v1/providers/sms', { provider: 'twilio', settings: {}, credentials: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_provider_config');
    expect((res.body.error.details.problems as Array<{ field: string }>).map((p) => p.field)).toEqual([
      'settings',
      'credentials.accountSid',
      'credentials.authToken',
    ]);
    const wrongChannel = await api('PUT', '/v1/providers/fax', { provider: 'twilio' });
    expect(wrongChannel.status).toBe(400);
  });

  it('needs an API key', async () => {
    const res = await fetch(`${gateway.url}/v1/providers`);
    expect(res.status).toBe(401);
  });
});

describe('call_webhook targets (SSRF)', () => {
  it('refuses a private target (127.0.0.1) while the workspace does not allow it, and never calls it', async () => {
    receiver.reset();
    const body = intent({
      workspaceId,
      channel: 'webhook',
      config: { url: `${receiver.baseUrl}/internal`, method: 'POST', retries: 3 },
    });
    await publishJson(bus.js, {
      subject: subjects.send(workspaceId, 'webhook'),
      msgId: `send:${body.sendKey}`,
      body,
    });
    await expect(statuses.first(body.sendKey, 20_000)).resolves.toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('target refused: 127.0.0.1 resolves to 127.0.0.1') as unknown,
    });
    expect(receiver.received).toHaveLength(0);
  }, 30_000);

  it('stores the workspace setting that allows private targets', async () => {
    const put = await api('PUT', '/v1/providers/webhook', {
      provider: 'http',
      settings: { allowPrivateTargets: true },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      channel: 'webhook',
      provider: 'http',
      settings: { allowPrivateTargets: true },
    });
    const bad = await api('PUT', '/v1/providers/webhook', {
      provider: 'http',
      settings: { allowPrivateTargets: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems).toEqual([
      { field: 'settings.allowPrivateTargets', message: 'allowPrivateTargets must be true or false' },
    ]);
  });
});

describe('sends through configured providers', () => {
  it('sends an SMS once through Twilio and routes its signed status callback as sms.delivered', async () => {
    const events = await eventsOf(workspaceId);
    const body = intent({
      workspaceId,
      channel: 'sms',
      config: { body: 'Hi {{ customer.firstName }}, code {{ context.code }}' },
      customer: { phone: '+33612345678', firstName: 'Ada' },
      context: { code: '4242' },
    });
    // Published twice: the ledger makes it one message.
    for (const msgId of ['a', 'b'])
      await publishJson(bus.js, {
        subject: subjects.send(workspaceId, 'sms'),
        msgId: `${msgId}:${body.sendKey}`,
        body,
      });
    const sent = await statuses.first(body.sendKey);
    expect(sent).toMatchObject({
      status: 'sent',
      providerMessageId: expect.stringMatching(/^SM/) as unknown,
    });
    await new Promise((r) => setTimeout(r, 300));
    const calls = twilio.received.filter((r) => new URLSearchParams(r.body).get('Body')?.includes('Ada'));
    expect(calls).toHaveLength(1);
    const form = new URLSearchParams(calls[0]?.body);
    expect(form.get('Body')).toBe('Hi Ada, code 4242');
    const callbackUrl = `${PUBLIC_URL}/v1/webhooks/twilio/${workspaceId}`;
    expect(form.get('StatusCallback')).toBe(callbackUrl);

    // Twilio reports delivery to the gateway, signed with the auth token.
    const params = {
      MessageSid: sent.providerMessageId ?? '',
      MessageStatus: 'delivered',
      To: '+33612345678',
    };
    const forged = await fetch(`${gateway.url}/v1/webhooks/twilio/${workspaceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(401);
    const callback = await fetch(`${gateway.url}/v1/webhooks/twilio/${workspaceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(FAKE_TWILIO_TOKEN, callbackUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(callback.status).toBe(200);
    await expect(callback.json()).resolves.toEqual({ accepted: 1, ignored: 0 });
    const delivered = await eventually(async () =>
      statuses.of(body.sendKey).find((s) => s.status === 'delivered'),
    );
    expect(delivered).toMatchObject({ channel: 'sms', instanceId: body.instanceId, nodeId: body.nodeId });
    const event = await eventually(async () => events.received.find((e) => e.event.name === 'sms.delivered'));
    expect(event).toMatchObject({
      customerId: body.customerId,
      event: {
        properties: { sendKey: body.sendKey, instanceId: body.instanceId, journeyId: body.journeyId },
      },
    });
    await events.stop();
  }, 30_000);

  it('fails an SMS at once, without a provider call, for a customer without a phone number', async () => {
    const before = twilio.received.length;
    const body = intent({ workspaceId, channel: 'sms', config: { body: 'Hi' }, customer: { phone: 'none' } });
    await publishJson(bus.js, {
      subject: subjects.send(workspaceId, 'sms'),
      msgId: `send:${body.sendKey}`,
      body,
    });
    await expect(statuses.first(body.sendKey)).resolves.toMatchObject({
      status: 'failed',
      detail: 'customer has no phone number in "phone" (E.164, e.g. +33612345678)',
    });
    expect(twilio.received.length).toBe(before);
  });

  it('fails a push at once when the workspace configured no push provider, saying how to', async () => {
    const body = intent({
      workspaceId,
      channel: 'push',
      config: { title: 'Hi' },
      customer: { fcmToken: 't' },
    });
    await publishJson(bus.js, {
      subject: subjects.send(workspaceId, 'push'),
      msgId: `send:${body.sendKey}`,
      body,
    });
    await expect(statuses.first(body.sendKey)).resolves.toMatchObject({
      status: 'failed',
      detail: 'no push provider configured for this workspace (PUT /v1/providers/push)',
    });
  });

  it('calls a webhook with retries on 5xx and one Idempotency-Key', async () => {
    receiver.failNext({ status: 503 }, 2);
    const body = intent({
      workspaceId,
      channel: 'webhook',
      config: { url: `${receiver.baseUrl}/crm/{{ customer.id }}`, method: 'PUT', retries: 3 },
      customer: { id: 'c-1' },
    });
    await publishJson(bus.js, {
      subject: subjects.send(workspaceId, 'webhook'),
      msgId: `send:${body.sendKey}`,
      body,
    });
    await expect(statuses.first(body.sendKey, 20_000)).resolves.toMatchObject({ status: 'sent' });
    const calls = receiver.received.filter((r) => r.headers['idempotency-key'] === body.sendKey);
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'PUT', 'PUT']);
    expect(calls.every((c) => c.path === '/crm/c-1')).toBe(true);
    const ledger = await openLedger(DB);
    await expect(ledger.find(body.sendKey)).resolves.toMatchObject({
      status: 'sent',
      attempts: 3,
      channel: 'webhook',
    });
    await ledger.close();
  }, 30_000);

  it('gives up on a webhook after retries + 1 attempts', async () => {
    receiver.failNext({ status: 500 }, 5);
    const body = intent({
      workspaceId,
      channel: 'webhook',
      config: { url: `${receiver.baseUrl}/down`, retries: 1 },
    });
    await publishJson(bus.js, {
      subject: subjects.send(workspaceId, 'webhook'),
      msgId: `send:${body.sendKey}`,
      body,
    });
    const status = await statuses.first(body.sendKey, 20_000);
    expect(status).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^gave up after 2 attempts/) as unknown,
    });
    receiver.reset();
  }, 30_000);
});

describe('SendGrid', () => {
  it('sends an email through SendGrid and routes its signed event webhook as email.opened', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const put = await api('PUT', '/v1/providers/email', {
      provider: 'sendgrid',
      settings: {
        baseUrl: sendgrid.baseUrl,
        webhookVerificationKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      },
      credentials: { apiKey: FAKE_SENDGRID_KEY },
    });
    expect(put.status).toBe(200);
    const events = await eventsOf(workspaceId);
    const body = intent({ workspaceId, customer: { email: 'ada@example.com', firstName: 'Ada' } });
    await publishJson(bus.js, {
      subject: subjects.sendEmail(workspaceId),
      msgId: `send:${body.sendKey}`,
      body,
    });
    const sent = await statuses.first(body.sendKey);
    expect(sent).toMatchObject({ status: 'sent', channel: 'email' });
    const mail = JSON.parse(sendgrid.received.at(-1)?.body ?? '{}') as {
      subject?: string;
      custom_args?: unknown;
    };
    expect(mail).toMatchObject({
      subject: 'Welcome, Ada!',
      custom_args: { kalcifer_send_key: body.sendKey },
    });

    // SendGrid's event webhook: a JSON array, signed over timestamp + raw body.
    const payload = JSON.stringify([
      {
        email: 'ada@example.com',
        event: 'open',
        timestamp: 1764150000,
        sg_message_id: `${sent.providerMessageId}.filter0`,
        kalcifer_send_key: body.sendKey,
      },
    ]);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const post = (signature: string) =>
      fetch(`${gateway.url}/v1/webhooks/sendgrid/${workspaceId}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-twilio-email-event-webhook-timestamp': timestamp,
          'x-twilio-email-event-webhook-signature': signature,
        },
        body: payload,
      });
    const forged = await post(sign('sha256', Buffer.from(`${timestamp}[]`), privateKey).toString('base64'));
    expect(forged.status).toBe(401);
    await expect(forged.json()).resolves.toMatchObject({ error: { code: 'webhook_signature_invalid' } });
    const good = await post(sign('sha256', Buffer.from(timestamp + payload), privateKey).toString('base64'));
    expect(good.status).toBe(200);
    await expect(good.json()).resolves.toEqual({ accepted: 1, ignored: 0 });
    const event = await eventually(async () => events.received.find((e) => e.event.name === 'email.opened'));
    expect(event.event.properties).toEqual({
      sendKey: body.sendKey,
      nodeId: body.nodeId,
      journeyId: body.journeyId,
      instanceId: body.instanceId,
    });
    await events.stop();
  }, 30_000);
});

/** Customer events of one workspace published from now on. */
async function eventsOf(ws: string) {
  const consumer = await bus.js.consumers.get(STREAMS.events.name, {
    filter_subjects: [subjects.events(ws)],
    deliver_policy: 'new' as never,
  });
  const messages: ConsumerMessages = await consumer.consume();
  const received: CustomerEventMessage[] = [];
  const loop = (async () => {
    for await (const m of messages) received.push(m.json<CustomerEventMessage>());
  })();
  return {
    received,
    stop: async () => {
      await messages.close();
      await loop;
    },
  };
}
