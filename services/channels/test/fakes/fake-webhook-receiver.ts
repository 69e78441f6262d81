import { FakeServer, randomId } from './fake-server';

/** A user's webhook endpoint: accepts anything, answers 200 with an `x-request-id`. */
export function fakeWebhookReceiver(): FakeServer {
  return new FakeServer('webhook', () => ({
    status: 200,
    headers: { 'x-request-id': `req_${randomId(8)}` },
    body: { ok: true },
  }));
}
