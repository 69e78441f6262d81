import type { TextMessage } from '../../ports/channel-provider';
import { FAKE_MESSAGEBIRD_KEY, fakeMessageBird } from '../../../test/fakes/fake-messagebird';
import type { FakeServer } from '../../../test/fakes/fake-server';
import { MessageBirdSmsProvider } from './messagebird-sms-provider';

const sms: TextMessage = {
  channel: 'sms',
  sendKey: 'key-1',
  to: '+31612345678',
  body: 'Hello',
  statusCallbackUrl: 'https://kalcifer.example/v1/webhooks/messagebird/ws_1',
};

describe('MessageBirdSmsProvider', () => {
  let fake: FakeServer;
  const provider = (accessKey = FAKE_MESSAGEBIRD_KEY) =>
    new MessageBirdSmsProvider({ accessKey, originator: 'Kalcifer', baseUrl: fake.baseUrl, timeoutMs: 500 });
  beforeAll(async () => {
    fake = await fakeMessageBird().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('posts JSON with AccessKey auth and the send key as reference', async () => {
    const accepted = await provider().send(sms);
    expect(accepted.providerMessageId).toMatch(/^[0-9a-f]{32}$/);
    const [req] = fake.received;
    expect(req?.headers.authorization).toBe(`AccessKey ${FAKE_MESSAGEBIRD_KEY}`);
    expect(JSON.parse(req?.body ?? '')).toEqual({
      recipients: ['31612345678'],
      originator: 'Kalcifer',
      body: 'Hello',
      reference: 'key-1',
      reportUrl: 'https://kalcifer.example/v1/webhooks/messagebird/ws_1',
    });
  });

  it("fails permanently on a wrong key or a bad number, with MessageBird's description", async () => {
    await expect(provider('wrong').send(sms)).rejects.toMatchObject({
      kind: 'permanent',
      message: 'messagebird answered 401: Request not allowed (incorrect access_key) (code 2)',
    });
    await expect(provider().send({ ...sms, to: '+1' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'messagebird answered 422: recipients: no (correct) recipients found (code 9)',
    });
  });

  it('retries on 5xx and cannot send WhatsApp', async () => {
    fake.failNext({ status: 500 });
    await expect(provider().send(sms)).rejects.toMatchObject({ kind: 'retryable' });
    await expect(provider().send({ ...sms, channel: 'whatsapp' })).rejects.toMatchObject({
      kind: 'permanent',
    });
  });
});
