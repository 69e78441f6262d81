import type { WebhookMessage } from '../../ports/channel-provider';
import { fakeWebhookReceiver } from '../../../test/fakes/fake-webhook-receiver';
import type { FakeServer } from '../../../test/fakes/fake-server';
import { HttpWebhookProvider } from './http-webhook-provider';

describe('HttpWebhookProvider', () => {
  let fake: FakeServer;
  const provider = new HttpWebhookProvider({ allowPrivateTargets: true });
  let message: WebhookMessage;
  beforeAll(async () => {
    fake = await fakeWebhookReceiver().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    message = {
      channel: 'webhook',
      sendKey: 'key-1',
      to: `${fake.baseUrl}/hooks/crm`,
      method: 'PUT',
      headers: { 'X-Token': 'secret', 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"customer":{"id":"c1"}}',
      timeoutMs: 300,
    };
  });

  it('calls the URL with the method, headers, body and the send key as Idempotency-Key', async () => {
    const accepted = await provider.send(message);
    expect(accepted.providerMessageId).toMatch(/^req_/);
    const [req] = fake.received;
    expect(req).toMatchObject({ method: 'PUT', path: '/hooks/crm', body: '{"customer":{"id":"c1"}}' });
    expect(req?.headers).toMatchObject({
      'idempotency-key': 'key-1',
      'x-token': 'secret',
      'content-type': 'application/json; charset=utf-8',
    });
  });

  it('is idempotent: timeouts and dropped connections are retryable', async () => {
    expect(provider.idempotent).toBe(true);
    fake.failNext('timeout');
    await expect(provider.send(message)).rejects.toMatchObject({
      kind: 'retryable',
      message: 'http: no answer within 300 ms',
    });
    fake.failNext('drop');
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'retryable' });
  });

  it('refuses a private target unless the workspace allows it, without calling it', async () => {
    await expect(new HttpWebhookProvider().send(message)).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringMatching(/^http: target refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1/),
    });
    expect(fake.received).toHaveLength(0);
  });

  it('retries 5xx and 429, fails at once on other 4xx', async () => {
    fake.failNext({ status: 502, body: 'bad gateway' });
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'retryable' });
    fake.failNext({ status: 429 });
    await expect(provider.send(message)).rejects.toMatchObject({ kind: 'retryable' });
    fake.failNext({ status: 404, body: 'no such hook' });
    await expect(provider.send(message)).rejects.toMatchObject({
      kind: 'permanent',
      message: `webhook ${message.to} answered 404: no such hook`,
    });
  });
});
