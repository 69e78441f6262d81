/**
 * Local fakes of every provider, for unit, integration and end-to-end tests (no network):
 * each speaks its provider's documented wire format, records what it received, and can be told
 * to fail. `startFakeProviders()` starts them all on free loopback ports.
 */
import type { KeyObject } from 'node:crypto';
import { FakeApns, fakeApnsKey } from './fake-apns';
import { fakeFcm, fakeServiceAccount } from './fake-fcm';
import { FAKE_MESSAGEBIRD_KEY, fakeMessageBird } from './fake-messagebird';
import { FAKE_SENDGRID_KEY, fakeSendGrid } from './fake-sendgrid';
import type { FakeServer, ReceivedRequest } from './fake-server';
import { FAKE_SES, fakeSes } from './fake-ses';
import { FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN, fakeTwilio, twilioSignature } from './fake-twilio';
import { fakeWebhookReceiver } from './fake-webhook-receiver';

export { FakeServer, closedPortUrl, type Failure, type ReceivedRequest } from './fake-server';
export { FakeApns, fakeApnsKey, twilioSignature };

export interface FakeProviders {
  sendgrid: FakeServer;
  ses: FakeServer;
  twilio: FakeServer;
  messagebird: FakeServer;
  fcm: FakeServer & { setPublicKey(key: KeyObject): void };
  apns: FakeApns;
  /** A user's endpoint for call_webhook. */
  webhook: FakeServer;
  /**
   * Bodies of `PUT /v1/providers/{channel}` that point each provider at its fake, keyed by
   * `channel/provider` (e.g. `email/sendgrid`, `sms/twilio`, `push/apns`).
   */
  configs: Record<
    string,
    {
      channel: string;
      provider: string;
      settings: Record<string, unknown>;
      credentials: Record<string, string>;
    }
  >;
  /** Every request every fake received, by provider name. */
  received(): Record<string, ReceivedRequest[]>;
  stop(): Promise<void>;
}

/** Starts one fake per provider on free ports. */
export async function startFakeProviders(): Promise<FakeProviders> {
  const apnsKey = fakeApnsKey();
  const topic = 'com.kalcifer.fake';
  const [sendgrid, ses, twilio, messagebird, fcm, webhook, apns] = await Promise.all([
    fakeSendGrid().start(),
    fakeSes().start(),
    fakeTwilio().start(),
    fakeMessageBird().start(),
    fakeFcm().start(),
    fakeWebhookReceiver().start(),
    new FakeApns(apnsKey, topic).start(),
  ]);
  const account = fakeServiceAccount(`${fcm.baseUrl}/token`);
  fcm.setPublicKey(account.publicKey);
  const twilioConfig = {
    settings: { from: '+15005550006', baseUrl: twilio.baseUrl },
    credentials: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
  };
  const configs: FakeProviders['configs'] = {
    'email/sendgrid': {
      channel: 'email',
      provider: 'sendgrid',
      settings: { baseUrl: sendgrid.baseUrl },
      credentials: { apiKey: FAKE_SENDGRID_KEY },
    },
    'email/ses': {
      channel: 'email',
      provider: 'ses',
      settings: { region: FAKE_SES.region, baseUrl: ses.baseUrl },
      credentials: { accessKeyId: FAKE_SES.accessKeyId, secretAccessKey: FAKE_SES.secretAccessKey },
    },
    'sms/twilio': { channel: 'sms', provider: 'twilio', ...twilioConfig },
    'whatsapp/twilio': { channel: 'whatsapp', provider: 'twilio', ...twilioConfig },
    'sms/messagebird': {
      channel: 'sms',
      provider: 'messagebird',
      settings: { originator: 'Kalcifer', baseUrl: messagebird.baseUrl },
      credentials: { accessKey: FAKE_MESSAGEBIRD_KEY },
    },
    'push/fcm': {
      channel: 'push',
      provider: 'fcm',
      settings: { baseUrl: fcm.baseUrl },
      credentials: { serviceAccountJson: account.json },
    },
    'push/apns': {
      channel: 'push',
      provider: 'apns',
      settings: { topic, teamId: apnsKey.teamId, keyId: apnsKey.keyId, baseUrl: apns.baseUrl },
      credentials: { privateKey: apnsKey.privateKeyPem },
    },
    // The fake receiver listens on 127.0.0.1, which a workspace reaches only when it allows it.
    'webhook/http': {
      channel: 'webhook',
      provider: 'http',
      settings: { allowPrivateTargets: true },
      credentials: {},
    },
  };
  const servers = { sendgrid, ses, twilio, messagebird, fcm, webhook };
  return {
    ...servers,
    apns,
    configs,
    received: () => ({
      ...Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.received])),
      apns: apns.received,
    }),
    stop: async () => {
      await Promise.all([...Object.values(servers).map((s) => s.stop()), apns.stop()]);
    },
  };
}
