import type { PushMessage } from '../../ports/channel-provider';
import { FakeApns, fakeApnsKey } from '../../../test/fakes/fake-apns';
import { closedPortUrl } from '../../../test/fakes/fake-server';
import { ApnsPushProvider, apnsIdOf } from './apns-push-provider';

const push: PushMessage = {
  channel: 'push',
  sendKey: 'key-1',
  to: 'a1b2c3d4',
  title: 'Hi',
  body: 'Shipped',
  data: { orderId: 'A-1' },
};

describe('ApnsPushProvider', () => {
  const key = fakeApnsKey();
  const fake = new FakeApns(key, 'com.example.app');
  let provider: ApnsPushProvider;
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.received.length = 0;
    provider = new ApnsPushProvider({
      privateKey: key.privateKeyPem,
      keyId: key.keyId,
      teamId: key.teamId,
      topic: 'com.example.app',
      baseUrl: fake.baseUrl,
      timeoutMs: 1000,
    });
  });
  afterEach(() => provider.close());

  it('posts over HTTP/2 with an ES256 provider token, the topic and an apns-id derived from the send key', async () => {
    const accepted = await provider.send(push);
    expect(accepted.providerMessageId).toBe(apnsIdOf('key-1'));
    expect(apnsIdOf('key-1')).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/,
    );
    const [req] = fake.received;
    expect(req?.path).toBe('/3/device/a1b2c3d4');
    expect(req?.headers).toMatchObject({ 'apns-topic': 'com.example.app', 'apns-push-type': 'alert' });
    expect(JSON.parse(req?.body ?? '')).toEqual({
      aps: { alert: { title: 'Hi', body: 'Shipped' } },
      orderId: 'A-1',
      kalcifer_send_key: 'key-1',
    });
  });

  it('fails permanently for a bad or unregistered device token', async () => {
    const bad = await provider.send({ ...push, to: 'bad1' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'permanent', message: 'apns answered 400 (BadDeviceToken)' });
    expect((bad as { recipientInvalid?: string }).recipientInvalid).toBeUndefined();
    await expect(provider.send({ ...push, to: 'gone1' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'apns answered 410 (Unregistered)',
      recipientInvalid: 'Unregistered',
    });
  });

  it('is refused when the key does not belong to the team', async () => {
    const other = fakeApnsKey();
    const wrong = new ApnsPushProvider({
      privateKey: other.privateKeyPem,
      keyId: key.keyId,
      teamId: key.teamId,
      topic: 'com.example.app',
      baseUrl: fake.baseUrl,
      timeoutMs: 1000,
    });
    await expect(wrong.send(push)).rejects.toMatchObject({
      kind: 'permanent',
      message: 'apns answered 403 (InvalidProviderToken)',
    });
    await wrong.close();
  });

  it('retries on 429 and 5xx, and when APNs cannot be reached', async () => {
    fake.failNext(429);
    await expect(provider.send(push)).rejects.toMatchObject({ kind: 'retryable' });
    fake.failNext(503);
    await expect(provider.send(push)).rejects.toMatchObject({ kind: 'retryable' });
    const down = new ApnsPushProvider({
      privateKey: key.privateKeyPem,
      keyId: key.keyId,
      teamId: key.teamId,
      topic: 'com.example.app',
      baseUrl: await closedPortUrl(),
      timeoutMs: 1000,
    });
    await expect(down.send(push)).rejects.toMatchObject({ kind: 'retryable' });
    await down.close();
  });
});
