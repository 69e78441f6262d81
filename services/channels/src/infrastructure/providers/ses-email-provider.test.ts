import type { EmailMessage } from '../../ports/channel-provider';
import { FAKE_SES, fakeSes } from '../../../test/fakes/fake-ses';
import type { FakeServer } from '../../../test/fakes/fake-server';
import { SesEmailProvider } from './ses-email-provider';

const message: EmailMessage = {
  channel: 'email',
  sendKey: 'key-1',
  from: 'Shop <shop@example.com>',
  to: 'ada@example.com',
  subject: 'Welcome',
  text: 'Hello',
  html: '<p>Hello</p>',
};

describe('SesEmailProvider', () => {
  let fake: FakeServer;
  const provider = (overrides: Partial<typeof FAKE_SES> = {}) =>
    new SesEmailProvider({ ...FAKE_SES, ...overrides, baseUrl: fake.baseUrl, timeoutMs: 500 });
  beforeAll(async () => {
    fake = await fakeSes().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('sends a SigV4-signed SendEmail request and returns the MessageId', async () => {
    const accepted = await provider().send(message);
    expect(accepted.providerMessageId).toMatch(/^0102/);
    const [req] = fake.received;
    expect(req?.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${FAKE_SES.accessKeyId}/\\d{8}/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=`,
      ),
    );
    expect(JSON.parse(req?.body ?? '')).toEqual({
      FromEmailAddress: 'Shop <shop@example.com>',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Welcome', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Hello', Charset: 'UTF-8' },
            Html: { Data: '<p>Hello</p>', Charset: 'UTF-8' },
          },
        },
      },
      EmailTags: [{ Name: 'kalcifer_send_key', Value: 'key-1' }],
    });
  });

  it('is refused, permanently, with a wrong secret (the fake checks the signature)', async () => {
    await expect(
      provider({ secretAccessKey: 'wrong-secret-0123456789' }).send(message),
    ).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('(SignatureDoesNotMatch)') as unknown,
    });
  });

  it('fails permanently on MessageRejected and retries on throttling', async () => {
    await expect(provider().send({ ...message, to: 'nope' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'ses answered 400 (MessageRejected): Illegal address: nope',
    });
    fake.failNext({
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: { message: 'slow down' },
    });
    await expect(provider().send(message)).rejects.toMatchObject({ kind: 'retryable' });
  });
});
