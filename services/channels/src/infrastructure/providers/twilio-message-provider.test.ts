import type { TextMessage } from '../../ports/channel-provider';
import { FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN, fakeTwilio } from '../../../test/fakes/fake-twilio';
import type { FakeServer } from '../../../test/fakes/fake-server';
import { TwilioMessageProvider } from './twilio-message-provider';

const sms: TextMessage = {
  channel: 'sms',
  sendKey: 'key-1',
  to: '+33612345678',
  body: 'Your code is 1234',
  statusCallbackUrl: 'https://kalcifer.example/v1/webhooks/twilio/ws_1',
};

describe('TwilioMessageProvider', () => {
  let fake: FakeServer;
  let provider: TwilioMessageProvider;
  beforeAll(async () => {
    fake = await fakeTwilio().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    provider = new TwilioMessageProvider({
      accountSid: FAKE_TWILIO_SID,
      authToken: FAKE_TWILIO_TOKEN,
      from: '+15005550006',
      baseUrl: fake.baseUrl,
      timeoutMs: 500,
    });
  });

  it('sends an SMS as a form with Basic auth and a status callback, returning the SM sid', async () => {
    const accepted = await provider.send(sms);
    expect(accepted.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const [req] = fake.received;
    expect(req?.path).toBe(`/2010-04-01/Accounts/${FAKE_TWILIO_SID}/Messages.json`);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      To: '+33612345678',
      From: '+15005550006',
      Body: 'Your code is 1234',
      StatusCallback: 'https://kalcifer.example/v1/webhooks/twilio/ws_1',
    });
  });

  it('prefixes both numbers with whatsapp: for WhatsApp', async () => {
    await provider.send({ ...sms, channel: 'whatsapp' });
    const form = new URLSearchParams(fake.received[0]?.body);
    expect(form.get('To')).toBe('whatsapp:+33612345678');
    expect(form.get('From')).toBe('whatsapp:+15005550006');
  });

  it("fails permanently on an invalid number, with Twilio's code and message", async () => {
    await expect(provider.send({ ...sms, to: '+1' })).rejects.toMatchObject({
      kind: 'permanent',
      message: "twilio answered 400 (error 21211): The 'To' number +1 is not a valid phone number.",
    });
  });

  it('fails permanently on refused credentials, naming the settings to fix', async () => {
    const wrong = new TwilioMessageProvider({
      accountSid: FAKE_TWILIO_SID,
      authToken: 'wrong',
      from: '+15005550006',
      baseUrl: fake.baseUrl,
      timeoutMs: 500,
    });
    await expect(wrong.send(sms)).rejects.toMatchObject({
      kind: 'permanent',
      message:
        'twilio refused the credentials (401, error 20003: Authenticate): check credentials.accountSid and credentials.authToken of the sms provider (PUT /v1/providers/sms)',
    });
    await expect(wrong.send({ ...sms, channel: 'whatsapp' })).rejects.toMatchObject({
      message: expect.stringMatching(
        /of the whatsapp provider \(PUT \/v1\/providers\/whatsapp\)$/,
      ) as unknown,
    });
  });

  it('names the sender setting when Twilio refuses the sender', async () => {
    fake.failNext({
      status: 400,
      body: {
        code: 21606,
        message:
          'The From phone number +15005550006 is not a valid, SMS-capable inbound phone number or short code for your account.',
        status: 400,
      },
    });
    await expect(provider.send(sms)).rejects.toMatchObject({
      kind: 'permanent',
      message:
        'twilio refused the sender (400, error 21606: The From phone number +15005550006 is not a valid, SMS-capable inbound phone number or short code for your account.): check settings.from of the sms provider (PUT /v1/providers/sms)',
    });
  });

  it('retries on 429 (error 20429) and 5xx, and reports a timeout as an unknown outcome', async () => {
    fake.failNext({ status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
    await expect(provider.send(sms)).rejects.toMatchObject({ kind: 'retryable' });
    fake.failNext({ status: 500 });
    await expect(provider.send(sms)).rejects.toMatchObject({ kind: 'retryable' });
    fake.failNext('timeout');
    await expect(provider.send(sms)).rejects.toMatchObject({ kind: 'ambiguous' });
  });

  it('needs a sender', async () => {
    const noSender = new TwilioMessageProvider({
      accountSid: FAKE_TWILIO_SID,
      authToken: FAKE_TWILIO_TOKEN,
      baseUrl: fake.baseUrl,
      timeoutMs: 500,
    });
    await expect(noSender.send(sms)).rejects.toMatchObject({
      kind: 'permanent',
      message:
        'twilio: no sender configured: set settings.from (a number in E.164) or settings.messagingServiceSid of the sms provider (PUT /v1/providers/sms)',
    });
    expect(fake.received).toHaveLength(0);
  });
});

describe('TwilioMessageProvider: WhatsApp templates', () => {
  let fake: FakeServer;
  beforeAll(async () => {
    fake = await fakeTwilio().start();
  });
  afterAll(() => fake.stop());

  it('sends an approved Content template with its variables instead of a body', async () => {
    const provider = new TwilioMessageProvider({
      accountSid: FAKE_TWILIO_SID,
      authToken: FAKE_TWILIO_TOKEN,
      from: '+15005550006',
      baseUrl: fake.baseUrl,
      timeoutMs: 500,
    });
    const contentSid = `HX${'0'.repeat(32)}`;
    await provider.send({
      channel: 'whatsapp',
      sendKey: 'k',
      to: '+33612345678',
      body: '',
      contentSid,
      contentVariables: { '1': 'Ada' },
    });
    const form = new URLSearchParams(fake.received[0]?.body);
    expect(form.get('ContentSid')).toBe(contentSid);
    expect(form.get('ContentVariables')).toBe('{"1":"Ada"}');
    expect(form.has('Body')).toBe(false);
  });
});
