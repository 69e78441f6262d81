import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createLogger } from '@kalcifer/platform';
import { CredentialsCipher } from '../infrastructure/credentials-cipher';
import { twilioSignature, FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN } from '../../test/fakes/fake-twilio';
import { IngestProviderWebhook, WebhookRejected } from './ingest-provider-webhook';
import { MemoryLedger, MemoryProviderConfigStore, RecordingPublisher } from '../../test/doubles/memory-ports';
import { ManageProviders } from './manage-providers';

const WS = 'ws_1';
const logger = createLogger('test', 'silent');

function setup() {
  const cipher = CredentialsCipher.fromBase64(randomBytes(32).toString('base64'));
  const store = new MemoryProviderConfigStore();
  const ledger = new MemoryLedger();
  const publisher = new RecordingPublisher();
  const ingest = new IngestProviderWebhook(ledger, store, cipher, publisher, logger);
  const manage = new ManageProviders(store, cipher);
  return { store, ledger, publisher, ingest, manage };
}

describe('IngestProviderWebhook: SendGrid event webhook', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const verificationKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const signed = (body: string, timestamp = '1700000000') => ({
    'x-twilio-email-event-webhook-timestamp': timestamp,
    'x-twilio-email-event-webhook-signature': sign(
      'sha256',
      Buffer.from(timestamp + body),
      privateKey,
    ).toString('base64'),
  });
  const events = JSON.stringify([
    { email: 'a@example.com', event: 'processed', sg_message_id: 'abc.filter1', kalcifer_send_key: 'k1' },
    {
      email: 'a@example.com',
      event: 'delivered',
      timestamp: 1700000001,
      sg_message_id: 'abc.filter1',
      kalcifer_send_key: 'k1',
    },
    { email: 'a@example.com', event: 'open', timestamp: 1700000002, sg_message_id: 'abc.filter1' },
    { email: 'b@example.com', event: 'bounce', reason: '550 no such user', sg_message_id: 'zzz.filter1' },
  ]);

  it('routes delivered and opened to the instance and as email.* customer events', async () => {
    const { ledger, publisher, ingest } = setup();
    ledger.add({ sendKey: 'k1', workspaceId: WS, providerMessageId: 'abc', customerId: 'cus_7' });
    await expect(
      ingest.execute({
        workspaceId: WS,
        provider: 'sendgrid',
        rawBody: Buffer.from(events),
        headers: {},
        url: '',
      }),
    ).resolves.toEqual({ accepted: 2, ignored: 2 });
    expect(publisher.statuses.map((s) => [s.sendKey, s.status, s.channel])).toEqual([
      ['k1', 'delivered', 'email'],
      ['k1', 'opened', 'email'],
    ]);
    expect(publisher.statuses[0]?.at).toBe(1700000001000);
    expect(publisher.events[1]).toMatchObject({
      workspaceId: WS,
      customerId: 'cus_7',
      event: {
        id: 'delivery-k1-opened',
        name: 'email.opened',
        properties: { sendKey: 'k1', nodeId: 'node_1', journeyId: 'jrn_1', instanceId: 'ins_1' },
      },
    });
    expect(ledger.records.get('k1')?.providerStatuses).toEqual(['delivered', 'opened']);
  });

  it('verifies the ECDSA signature when the workspace configured a verification key', async () => {
    const { ledger, publisher, ingest, manage } = setup();
    await manage.put(
      WS,
      'email',
      'sendgrid',
      { webhookVerificationKey: verificationKey },
      { apiKey: 'SG.0123456789' },
    );
    ledger.add({ sendKey: 'k1', workspaceId: WS, providerMessageId: 'abc' });
    const hook = { workspaceId: WS, provider: 'sendgrid', rawBody: Buffer.from(events), url: '' };
    await expect(ingest.execute({ ...hook, headers: signed(events) })).resolves.toMatchObject({
      accepted: 2,
    });
    const tampered = events.replace('open', 'click');
    await expect(
      ingest.execute({ ...hook, rawBody: Buffer.from(tampered), headers: signed(events) }),
    ).rejects.toThrow('SendGrid event webhook signature does not verify');
    await expect(ingest.execute({ ...hook, headers: {} })).rejects.toBeInstanceOf(WebhookRejected);
    expect(publisher.statuses).toHaveLength(2);
  });

  it('refuses a body that is not a JSON array, saying what it expects', async () => {
    const { ingest } = setup();
    await expect(
      ingest.execute({
        workspaceId: WS,
        provider: 'sendgrid',
        rawBody: Buffer.from('{"event":"open"}'),
        headers: {},
        url: '',
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      message: 'SendGrid event webhook body must be a JSON array of events',
    });
  });
});

describe('IngestProviderWebhook: Twilio status callback', () => {
  const url = 'https://kalcifer.example/v1/webhooks/twilio/ws_1';
  const form = {
    MessageSid: 'SM123',
    MessageStatus: 'delivered',
    To: '+33612345678',
    AccountSid: FAKE_TWILIO_SID,
  };
  const body = new URLSearchParams(form).toString();

  async function configured() {
    const s = setup();
    await s.manage.put(
      WS,
      'sms',
      'twilio',
      { from: '+15005550006' },
      { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
    );
    s.ledger.add({ sendKey: 'k2', workspaceId: WS, providerMessageId: 'SM123', channel: 'sms' });
    return s;
  }

  it('accepts a correctly signed callback and publishes sms.delivered', async () => {
    const { ingest, publisher } = await configured();
    const headers = { 'x-twilio-signature': twilioSignature(FAKE_TWILIO_TOKEN, url, form) };
    await expect(
      ingest.execute({ workspaceId: WS, provider: 'twilio', rawBody: Buffer.from(body), headers, url }),
    ).resolves.toEqual({ accepted: 1, ignored: 0 });
    expect(publisher.statuses[0]).toMatchObject({ sendKey: 'k2', status: 'delivered', channel: 'sms' });
    expect(publisher.events[0]?.event.name).toBe('sms.delivered');
  });

  it('refuses a callback signed with another token or for another URL', async () => {
    const { ingest, publisher } = await configured();
    for (const headers of <Array<Record<string, string>>>[
      { 'x-twilio-signature': twilioSignature('other-token', url, form) },
      { 'x-twilio-signature': twilioSignature(FAKE_TWILIO_TOKEN, `${url}x`, form) },
      {},
    ]) {
      await expect(
        ingest.execute({ workspaceId: WS, provider: 'twilio', rawBody: Buffer.from(body), headers, url }),
      ).rejects.toMatchObject({ kind: 'unauthenticated' });
    }
    expect(publisher.statuses).toHaveLength(0);
  });

  it('maps undelivered to bounced and ignores intermediate statuses', async () => {
    const { ingest, publisher } = await configured();
    for (const [status, expected] of [
      ['sent', { accepted: 0, ignored: 1 }],
      ['undelivered', { accepted: 1, ignored: 0 }],
    ] as const) {
      const f = { ...form, MessageStatus: status, ErrorCode: '30003' };
      const headers = { 'x-twilio-signature': twilioSignature(FAKE_TWILIO_TOKEN, url, f) };
      await expect(
        ingest.execute({
          workspaceId: WS,
          provider: 'twilio',
          rawBody: Buffer.from(new URLSearchParams(f).toString()),
          headers,
          url,
        }),
      ).resolves.toEqual(expected);
    }
    expect(publisher.statuses[0]).toMatchObject({ status: 'bounced', detail: 'Twilio error 30003' });
  });

  it('refuses a callback for a workspace without a Twilio provider', async () => {
    const { ingest } = setup();
    await expect(
      ingest.execute({ workspaceId: WS, provider: 'twilio', rawBody: Buffer.from(body), headers: {}, url }),
    ).rejects.toThrow('no Twilio sms provider configured to verify this callback');
  });
});
