/**
 * Delivery webhooks of SES (through SNS) and MessageBird, and push tokens FCM and APNs report
 * dead, end to end in process: the gateway's /v1/webhooks routes, the channels worker against
 * local fakes speaking each API's wire format (SES v2, SNS's signed HTTP messages with a locally
 * issued certificate, MessageBird with signed status reports, FCM v1, APNs over HTTP/2).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { STREAMS, subjects, type CustomerEventMessage, type SendIntentMessage } from '@kalcifer/contracts';
import { publishJson } from '@kalcifer/platform';
import { eventually, infra, testMongoUrl } from '../../../test/support/infra';
import { bootstrap as startGatewayApp, type GatewayHandle } from '../../api-gateway/src/app';
import { createWorkspace } from '../../api-gateway/src/application/create-workspace';
import { MongoWorkspaceStore } from '../../api-gateway/src/infrastructure/mongo-workspace-store';
import { bootstrap, type RunningChannels } from '../src/app';
import { ChannelsGrpcServer } from '../src/transport/channels.grpc';
import { startFakeProviders, type FakeProviders } from './fakes';
import { FAKE_MESSAGEBIRD_SIGNING_KEY, messageBirdSignatureJwt } from './fakes/fake-messagebird';
import { fakeSns } from './fakes/fake-sns';
import { Bus, hex, intent, StatusReader, testLogLevel } from './harness';

const DB = `kalcifer_channels_dwh_${hex(3)}`;
const GATEWAY_DB = `kalcifer_gateway_dwh_${hex(3)}`;
const PUBLIC_URL = 'https://kalcifer.test';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ses-events';

let fakes: FakeProviders;
let sns: ReturnType<typeof fakeSns>;
let worker: RunningChannels;
let gateway: GatewayHandle;
let gatewayMongo: mongoose.Connection;
let bus: Bus;
let statuses: StatusReader;
let apiKey: string;
let workspaceId: string;

async function api(method: string, route: string, body?: unknown) {
  const res = await fetch(`${gateway.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function send(body: SendIntentMessage) {
  await publishJson(bus.js, { subject: subjects.send(workspaceId, body.channel), msgId: body.sendKey, body });
  return statuses.first(body.sendKey);
}

beforeAll(async () => {
  fakes = await startFakeProviders();
  sns = await fakeSns().start();
  worker = await bootstrap(
    {
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      LOG_LEVEL: testLogLevel,
      KALCIFER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_PUBLIC_URL: PUBLIC_URL,
      SEND_RETRY_BACKOFF_MS: '50',
      SEND_TIMEOUT_MS: '2000',
      SEND_LEASE_MS: '3000',
    },
    // The fake SNS serves its certificate over loopback http: admitted for this test only.
    { snsUrlPrefixes: [`${sns.baseUrl}/`] },
  );
  const grpcPort = worker.app.get(ChannelsGrpcServer).boundPort;
  // The gateway's public gRPC API, when it has one, on any free port (another stack may hold its default).
  process.env.PUBLIC_GRPC_PORT = '0';
  gateway = await startGatewayApp({
    config: {
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: GATEWAY_DB,
      HTTP_PORT: 0,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ORCHESTRATOR_GRPC_URL: '127.0.0.1:1',
      CHANNELS_GRPC_URL: `127.0.0.1:${grpcPort}`,
      WEBHOOK_PUBLIC_URL: PUBLIC_URL,
    },
  });
  gatewayMongo = await mongoose.createConnection(testMongoUrl(GATEWAY_DB)).asPromise();
  ({ apiKey, workspaceId } = await createWorkspace(new MongoWorkspaceStore(gatewayMongo), {
    name: 'Delivery webhooks',
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
  const channelsDb = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  await channelsDb.dropDatabase();
  await channelsDb.close();
  await fakes?.stop();
  await sns?.stop();
});

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

const postSns = (body: unknown) =>
  fetch(`${gateway.url}/v1/webhooks/ses/${workspaceId}`, {
    method: 'POST',
    // SNS posts JSON as text/plain.
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
    body: JSON.stringify(body),
  });

describe('SES notifications through SNS', () => {
  it('confirms the subscription, routes signed Delivery and Complaint events, refuses forged ones', async () => {
    const config = fakes.configs['email/ses'];
    const put = await api('PUT', '/v1/providers/email', {
      provider: 'ses',
      settings: { ...config.settings, snsTopicArn: TOPIC },
      credentials: config.credentials,
    });
    expect(put.status).toBe(200);
    const events = await eventsOf(workspaceId);

    // SNS first asks the endpoint to confirm the subscription.
    const confirmation = sns.signed({
      Type: 'SubscriptionConfirmation',
      MessageId: hex(8),
      TopicArn: TOPIC,
      Message: 'You have chosen to subscribe to the topic. To confirm, visit the SubscribeURL.',
      Timestamp: new Date().toISOString(),
      Token: 'confirm-token-1',
      SubscribeURL: `${sns.baseUrl}/confirm?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=confirm-token-1`,
    });
    const confirmed = await postSns(confirmation);
    expect(confirmed.status).toBe(200);
    expect(sns.confirmedTokens).toEqual(['confirm-token-1']);

    const body = intent({
      workspaceId,
      channel: 'email',
      config: { subject: 'Hi', body: 'Hello' },
      customer: { email: 'ada@example.com' },
    });
    const sent = await send(body);
    expect(sent).toMatchObject({ status: 'sent' });
    const sesMessageId = sent.providerMessageId ?? '';
    const sesEvent = (eventType: string, extra: Record<string, unknown>) =>
      JSON.stringify({
        eventType,
        mail: {
          timestamp: new Date().toISOString(),
          messageId: sesMessageId,
          destination: ['ada@example.com'],
          tags: { kalcifer_send_key: [body.sendKey] },
        },
        ...extra,
      });
    const delivery = sns.signed({
      Type: 'Notification',
      MessageId: hex(8),
      TopicArn: TOPIC,
      Subject: 'Amazon SES Email Event Notification',
      Message: sesEvent('Delivery', {
        delivery: { timestamp: '2026-12-03T10:00:00.000Z', recipients: ['ada@example.com'] },
      }),
      Timestamp: new Date().toISOString(),
    });

    // Forged: a changed Message under the same signature, and a certificate URL off amazonaws.com.
    const tampered = await postSns({ ...delivery, Message: sesEvent('Bounce', { bounce: {} }) });
    expect(tampered.status).toBe(401);
    await expect(tampered.json()).resolves.toMatchObject({ error: { code: 'webhook_signature_invalid' } });
    const foreignCert = await postSns({ ...delivery, SigningCertURL: 'https://evil.example/cert.pem' });
    expect(foreignCert.status).toBe(401);
    const otherTopic = await postSns(
      sns.signed({ ...delivery, TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-else' }),
    );
    expect(otherTopic.status).toBe(401);

    const accepted = await postSns(delivery);
    expect(accepted.status).toBe(200);
    await expect(accepted.json()).resolves.toEqual({ accepted: 1, ignored: 0 });
    const delivered = await eventually(async () =>
      statuses.of(body.sendKey).find((s) => s.status === 'delivered'),
    );
    expect(delivered).toMatchObject({
      channel: 'email',
      instanceId: body.instanceId,
      at: Date.parse('2026-12-03T10:00:00.000Z'),
    });
    // Nothing the forged messages said reached the instance.
    expect(statuses.of(body.sendKey).map((s) => s.status)).toEqual(['sent', 'delivered']);

    // SignatureVersion 2 (SHA256withRSA), a complaint: only the customer event email.complained.
    const complaint = sns.signed(
      {
        Type: 'Notification',
        MessageId: hex(8),
        TopicArn: TOPIC,
        Message: sesEvent('Complaint', { complaint: { complaintFeedbackType: 'abuse' } }),
        Timestamp: new Date().toISOString(),
      },
      '2',
    );
    expect((await postSns(complaint)).status).toBe(200);
    const complained = await eventually(async () =>
      events.received.find((e) => e.event.name === 'email.complained'),
    );
    expect(complained).toMatchObject({
      customerId: body.customerId,
      event: { properties: { sendKey: body.sendKey } },
    });
    expect(events.received.map((e) => e.event.name)).toEqual(['email.delivered', 'email.complained']);
    await events.stop();
  }, 30_000);
});

describe('MessageBird status reports', () => {
  it('asks for reports at our URL and routes a signed report as sms.delivered; a bad JWT is a 401', async () => {
    const config = fakes.configs['sms/messagebird'];
    const put = await api('PUT', '/v1/providers/sms', {
      provider: 'messagebird',
      settings: config.settings,
      credentials: { ...config.credentials, signingKey: FAKE_MESSAGEBIRD_SIGNING_KEY },
    });
    expect(put.status).toBe(200);
    expect(put.body.credentials).toMatchObject({ signingKey: { configured: true } });
    const body = intent({
      workspaceId,
      channel: 'sms',
      config: { body: 'Code 4242' },
      customer: { phone: '+31612345678' },
    });
    const sent = await send(body);
    expect(sent).toMatchObject({ status: 'sent' });
    const request = JSON.parse(fakes.messagebird.received.at(-1)?.body ?? '{}') as Record<string, unknown>;
    expect(request).toMatchObject({
      reference: body.sendKey,
      reportUrl: `${PUBLIC_URL}/v1/webhooks/messagebird/${workspaceId}`,
    });

    // MessageBird calls reportUrl with GET and the report as query parameters.
    const query = new URLSearchParams({
      id: sent.providerMessageId ?? '',
      reference: body.sendKey,
      recipient: '31612345678',
      status: 'delivered',
      statusDatetime: '2026-12-03T10:00:05+00:00',
    }).toString();
    const path = `/v1/webhooks/messagebird/${workspaceId}?${query}`;
    const report = (jwt: string) =>
      fetch(`${gateway.url}${path}`, { headers: { 'messagebird-signature-jwt': jwt } });

    const wrongKey = await report(
      messageBirdSignatureJwt('anotherSigningKey0123456789', `${PUBLIC_URL}${path}`),
    );
    expect(wrongKey.status).toBe(401);
    const wrongUrl = await report(
      messageBirdSignatureJwt(FAKE_MESSAGEBIRD_SIGNING_KEY, `${PUBLIC_URL}${path}&x=1`),
    );
    expect(wrongUrl.status).toBe(401);
    await expect(wrongUrl.json()).resolves.toMatchObject({
      error: { message: expect.stringMatching(/url_hash/) as unknown },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(statuses.of(body.sendKey).map((s) => s.status)).toEqual(['sent']);

    const ok = await report(messageBirdSignatureJwt(FAKE_MESSAGEBIRD_SIGNING_KEY, `${PUBLIC_URL}${path}`));
    expect(ok.status).toBe(200);
    await expect(ok.json()).resolves.toEqual({ accepted: 1, ignored: 0 });
    const delivered = await eventually(async () =>
      statuses.of(body.sendKey).find((s) => s.status === 'delivered'),
    );
    expect(delivered).toMatchObject({ channel: 'sms', at: Date.parse('2026-12-03T10:00:05+00:00') });
  }, 30_000);
});

describe('push tokens the provider reports dead', () => {
  const push = (token: string) =>
    intent({
      workspaceId,
      channel: 'push',
      config: { title: 'Hi', body: 'News' },
      customer: { fcmToken: token, apnsToken: token },
    });

  it('FCM UNREGISTERED: the token is marked invalid and the next send to it is skipped without a call', async () => {
    const config = fakes.configs['push/fcm'];
    expect(
      (
        await api('PUT', '/v1/providers/push', {
          provider: 'fcm',
          settings: config.settings,
          credentials: config.credentials,
        })
      ).status,
    ).toBe(200);
    const token = `bad-${hex(8)}`;
    await expect(send(push(token))).resolves.toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/UNREGISTERED/) as unknown,
    });
    const calls = fakes.fcm.received.filter((r) => r.body.includes(token)).length;
    expect(calls).toBe(1);
    const again = await send(push(token));
    expect(again).toMatchObject({ status: 'failed' });
    expect(again.detail).toMatch(
      /^skipped: push token …\w+ was reported invalid by fcm \(UNREGISTERED\) at .*; not sent/,
    );
    expect(fakes.fcm.received.filter((r) => r.body.includes(token))).toHaveLength(calls);
  }, 30_000);

  it('APNs 410 Unregistered: the device token is marked inactive and later sends skip it', async () => {
    const config = fakes.configs['push/apns'];
    expect(
      (
        await api('PUT', '/v1/providers/push', {
          provider: 'apns',
          settings: config.settings,
          credentials: config.credentials,
        })
      ).status,
    ).toBe(200);
    const token = `gone${hex(8)}`;
    await expect(send(push(token))).resolves.toMatchObject({
      status: 'failed',
      detail: 'apns answered 410 (Unregistered)',
    });
    const calls = fakes.apns.received.filter((r) => r.path.includes(token)).length;
    expect(calls).toBe(1);
    const again = await send(push(token));
    expect(again.detail).toMatch(/^skipped: push token …\w+ was reported invalid by apns \(Unregistered\)/);
    expect(fakes.apns.received.filter((r) => r.path.includes(token))).toHaveLength(1);
    // A live token is still sent.
    await expect(send(push(`live${hex(8)}`))).resolves.toMatchObject({ status: 'sent' });
  }, 30_000);
});
