import type { PushMessage } from '../../ports/channel-provider';
import { fakeFcm, fakeServiceAccount } from '../../../test/fakes/fake-fcm';
import { FcmPushProvider } from './fcm-push-provider';

const push: PushMessage = {
  channel: 'push',
  sendKey: 'key-1',
  to: 'device-token-1',
  title: 'Hi',
  body: 'Your order shipped',
  data: { orderId: 'A-1' },
};

describe('FcmPushProvider', () => {
  const fake = fakeFcm();
  let account: ReturnType<typeof fakeServiceAccount>;
  beforeAll(async () => {
    await fake.start();
    account = fakeServiceAccount(`${fake.baseUrl}/token`);
    fake.setPublicKey(account.publicKey);
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const provider = (json = account.json) =>
    new FcmPushProvider({ serviceAccountJson: json, baseUrl: fake.baseUrl, timeoutMs: 1000 });

  it('gets an access token with a signed service-account JWT, then sends the message', async () => {
    const fcm = provider();
    const accepted = await fcm.send(push);
    expect(accepted.providerMessageId).toMatch(/^projects\/kalcifer-fake\/messages\/0:/);
    expect(fake.received.map((r) => r.path)).toEqual(['/token', '/v1/projects/kalcifer-fake/messages:send']);
    expect(JSON.parse(fake.received[1]?.body ?? '')).toEqual({
      message: {
        token: 'device-token-1',
        notification: { title: 'Hi', body: 'Your order shipped' },
        data: { orderId: 'A-1', kalcifer_send_key: 'key-1' },
      },
    });
    await fcm.send(push);
    expect(fake.received.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('is refused by the token endpoint when the key does not match the account', async () => {
    const other = fakeServiceAccount(`${fake.baseUrl}/token`);
    await expect(provider(other.json).send(push)).rejects.toMatchObject({
      kind: 'permanent',
      message: 'fcm: the token endpoint answered 400: Invalid JWT Signature.',
    });
  });

  it('fails permanently for an unregistered token and retries on 503', async () => {
    const fcm = provider();
    await expect(fcm.send({ ...push, to: 'bad-token' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'fcm answered 404 (UNREGISTERED): Requested entity was not found.',
      recipientInvalid: 'UNREGISTERED',
    });
    fake.failNext({ status: 503, body: { error: { status: 'UNAVAILABLE', message: 'try later' } } });
    await expect(fcm.send(push)).rejects.toMatchObject({ kind: 'retryable' });
  });

  it('says the token is invalid for INVALID_ARGUMENT about the token, not about the payload', async () => {
    const fcm = provider();
    await expect(fcm.send({ ...push, to: 'invalid-token' })).rejects.toMatchObject({
      kind: 'permanent',
      recipientInvalid: 'INVALID_ARGUMENT',
    });
    fake.failNext({
      status: 400,
      body: { error: { status: 'INVALID_ARGUMENT', message: 'Message is too big', details: [] } },
    });
    const payloadError = await fcm.send(push).catch((e: unknown) => e);
    expect(payloadError).toMatchObject({ kind: 'permanent' });
    expect((payloadError as { recipientInvalid?: string }).recipientInvalid).toBeUndefined();
  });

  it('names what a malformed service account lacks', () => {
    expect(() => provider('{"project_id":"p"}')).toThrow(
      'fcm: serviceAccountJson lacks client_email, private_key',
    );
    expect(() => provider('not json')).toThrow(/not JSON/);
  });
});
