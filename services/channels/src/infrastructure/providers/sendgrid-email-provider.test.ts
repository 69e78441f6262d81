import type { EmailMessage } from '../../ports/channel-provider';
import { ProviderError } from '../../ports/channel-provider';
import { FAKE_SENDGRID_KEY, fakeSendGrid } from '../../../test/fakes/fake-sendgrid';
import { closedPortUrl, type FakeServer } from '../../../test/fakes/fake-server';
import { SENDGRID_SEND_KEY_ARG, SendGridEmailProvider } from './sendgrid-email-provider';

const message: EmailMessage = {
  channel: 'email',
  sendKey: 'key-1',
  from: 'Shop <shop@example.com>',
  to: 'ada@example.com',
  subject: 'Welcome',
  text: 'Hello Ada',
  html: '<p>Hello Ada</p>',
};

describe('SendGridEmailProvider', () => {
  let fake: FakeServer;
  let provider: SendGridEmailProvider;
  beforeAll(async () => {
    fake = await fakeSendGrid().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    provider = new SendGridEmailProvider({
      apiKey: FAKE_SENDGRID_KEY,
      baseUrl: fake.baseUrl,
      timeoutMs: 500,
    });
  });

  it('posts the message to /v3/mail/send and returns X-Message-Id', async () => {
    const accepted = await provider.send(message);
    expect(accepted.providerMessageId).toMatch(/^[0-9a-f]{22}$/);
    const [req] = fake.received;
    expect(req?.headers.authorization).toBe(`Bearer ${FAKE_SENDGRID_KEY}`);
    expect(JSON.parse(req?.body ?? '')).toEqual({
      personalizations: [{ to: [{ email: 'ada@example.com' }] }],
      from: { email: 'shop@example.com', name: 'Shop' },
      subject: 'Welcome',
      content: [
        { type: 'text/plain', value: 'Hello Ada' },
        { type: 'text/html', value: '<p>Hello Ada</p>' },
      ],
      custom_args: { [SENDGRID_SEND_KEY_ARG]: 'key-1' },
      headers: { 'X-Kalcifer-Send-Key': 'key-1' },
    });
  });

  it('fails permanently on a wrong key or an invalid address, saying why', async () => {
    const wrong = new SendGridEmailProvider({ apiKey: 'SG.wrong', baseUrl: fake.baseUrl, timeoutMs: 500 });
    await expect(wrong.send(message)).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('401') as unknown,
    });
    await expect(provider.send({ ...message, to: 'nope' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'sendgrid answered 400: personalizations.0.to.0.email: Does not contain a valid address.',
    });
  });

  it('treats 429 and 5xx as retryable', async () => {
    fake.failNext({ status: 429, body: { errors: [{ message: 'too many requests' }] } });
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'retryable' });
    fake.failNext({ status: 503 });
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'retryable' });
  });

  it('reports an unknown outcome when the call times out or the connection drops', async () => {
    fake.failNext('timeout');
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'ambiguous' });
    fake.failNext('drop');
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'ambiguous' });
  });

  it('is retryable when nothing listens', async () => {
    const down = new SendGridEmailProvider({ apiKey: 'x', baseUrl: await closedPortUrl(), timeoutMs: 500 });
    await expect(down.send(message)).rejects.toBeInstanceOf(ProviderError);
    await expect(down.send(message)).rejects.toMatchObject({ kind: 'retryable' });
  });

  it('refuses a message of another channel', async () => {
    await expect(
      provider.send({ channel: 'sms', sendKey: 'k', to: '+33612345678', body: 'x' }),
    ).rejects.toMatchObject({ kind: 'permanent', message: 'sendgrid cannot send sms messages' });
    expect(fake.received).toHaveLength(0);
  });
});
