/**
 * Journey events end to end on the real stack: the orchestrator's journal (one message per
 * step, through its outbox) read live through GET /v1/stream, outbound webhooks signed and
 * retried until the receiver recovers, and the SSRF rule for call_webhook and webhook URLs.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JournalMessage } from '@kalcifer/contracts';
import { SseClient } from '../../services/api-gateway/test/sse-client';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_events';
const KEY = 'kal_e2eEventsKey0000000000000000001';
const stack = new Stack({
  dbPrefix: PREFIX,
  env: { 'api-gateway': { WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_POLL_MS: '50' } },
});
let api: Api;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A user's webhook receiver on 127.0.0.1: records every request, fails the first `failures`. */
class Receiver {
  readonly received: Received[] = [];
  failures = 0;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const answered = this.failures > 0 ? 500 : 200;
        if (this.failures > 0) this.failures--;
        this.received.push({ path: req.url ?? '', headers: req.headers, body, answered });
        res.writeHead(answered).end(answered === 200 ? 'ok' : 'down for maintenance');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let receiver: Receiver;
const streams: SseClient[] = [];

beforeAll(async () => {
  receiver = await new Receiver().start();
  api = await startProduct(stack, PREFIX, KEY);
}, 120_000);

afterAll(async () => {
  streams.forEach((s) => s.close());
  await stack.stopAll();
  await receiver?.stop();
}, 60_000);

async function stream(query: string): Promise<SseClient> {
  const client = await SseClient.open(`${api.baseUrl}/v1/stream${query}`, { authorization: `Bearer ${KEY}` });
  expect(client.status).toBe(200);
  streams.push(client);
  return client;
}

const stepsOf = (client: SseClient) => client.received().map((e) => JSON.parse(e.data) as JournalMessage);

describe('the journal and the live stream', () => {
  it('shows each step of a customer as one event, and refuses a call_webhook to 127.0.0.1 (SSRF)', async () => {
    const journeyId = await api.launchJourney('Notify CRM', {
      nodes: [
        { id: 'start', type: 'manual_entry', config: {} },
        {
          id: 'notify',
          type: 'call_webhook',
          config: { url: `${receiver.url}/crm`, method: 'POST', retries: 3 },
        },
        { id: 'wait', type: 'wait', config: { duration: 'P1D' } },
      ],
      edges: [
        { from: 'start', to: 'notify', output: 'next' },
        { from: 'notify', to: 'wait', output: 'next' },
      ],
    });
    const live = await stream(`?journeyId=${journeyId}`);
    await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
      enrollments: [{ customerId: 'ssrf-1' }],
    });

    // The entry step, then the send's status: two journal messages, not one per node.
    await eventually(async () => stepsOf(live).length >= 2, 30_000, 100);
    const [entry, status] = stepsOf(live);
    expect(entry).toMatchObject({ journeyId, customerId: 'ssrf-1', version: 1 });
    expect(entry.events.map((e) => `${e.type}:${e.nodeId}`)).toEqual([
      'journey.entered:start',
      'node.entered:start',
      'node.exited:start',
      'node.entered:notify',
      'message.requested:notify',
      'node.exited:notify',
      'node.entered:wait',
    ]);
    expect(status.events).toEqual([
      expect.objectContaining({
        type: 'message.status',
        nodeId: 'notify',
        data: expect.objectContaining({
          status: 'failed',
          detail: expect.stringContaining('target refused: 127.0.0.1 resolves to 127.0.0.1'),
        }),
      }),
    ]);
    expect(receiver.received).toHaveLength(0);
  }, 60_000);

  it('refuses webhook subscriptions to private addresses until the workspace allows them', async () => {
    const port = new URL(receiver.url).port;
    for (const url of [
      `${receiver.url}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.8/hook',
    ]) {
      const res = await api.call<{ error: { code: string; message: string } }>(
        'POST',
        '/v1/webhook-subscriptions',
        {
          url,
        },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('webhook_target_forbidden');
      expect(res.body.error.message).toMatch(/private, loopback or link-local address/);
    }
    expect(
      (await api.ok<{ subscriptions: unknown[] }>('GET', '/v1/webhook-subscriptions')).subscriptions,
    ).toEqual([]);

    await api.ok('PUT', '/v1/providers/webhook', {
      provider: 'http',
      settings: { allowPrivateTargets: true },
    });
    const res = await api.call('POST', '/v1/webhook-subscriptions', {
      url: `${receiver.url}/hook`,
      enabled: false,
    });
    expect(res.status).toBe(201);
  });
});

describe('outbound webhooks', () => {
  it('signs every delivery, retries a receiver that fails 3 times, then delivers once more and stops', async () => {
    const journeyId = await api.launchJourney('Convert', {
      nodes: [
        { id: 'start', type: 'manual_entry', config: {} },
        { id: 'won', type: 'goal_reached', config: { exit: true } },
      ],
      edges: [{ from: 'start', to: 'won', output: 'next' }],
    });
    const created = await api.ok<{ id: string; secret: string; eventTypes: string[] }>(
      'POST',
      '/v1/webhook-subscriptions',
      { url: `${receiver.url}/conversions`, eventTypes: ['goal.reached'], journeyId, description: 'CRM' },
    );
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // The secret is shown once: never again.
    const read = await api.ok<Record<string, unknown>>('GET', `/v1/webhook-subscriptions/${created.id}`);
    expect(read).toMatchObject({ id: created.id, eventTypes: ['goal.reached'], journeyId, enabled: true });
    expect(JSON.stringify(read)).not.toContain(created.secret);
    expect(JSON.stringify(await api.ok('GET', '/v1/webhook-subscriptions'))).not.toContain(created.secret);

    receiver.received.length = 0;
    receiver.failures = 3;
    await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
      enrollments: [{ customerId: 'buyer-1' }],
    });

    await eventually(async () => receiver.received.some((r) => r.answered === 200), 30_000, 50);
    await new Promise((r) => setTimeout(r, 3_000)); // a wrong retry would come within this
    const calls = receiver.received.filter((r) => r.path === '/conversions');
    expect(calls.map((c) => c.answered)).toEqual([500, 500, 500, 200]);
    expect(calls.map((c) => c.headers['kalcifer-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(new Set(calls.map((c) => c.headers['kalcifer-event-id'])).size).toBe(1);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);

    // The receiver's side: HMAC-SHA256 over "<timestamp>.<body>" with the secret shown at creation.
    for (const call of calls) {
      const timestamp = String(call.headers['kalcifer-timestamp']);
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
      const expected = createHmac('sha256', created.secret).update(`${timestamp}.${call.body}`).digest('hex');
      expect(call.headers['kalcifer-signature']).toBe(`v1=${expected}`);
      expect(call.headers['kalcifer-webhook-id']).toBe(created.id);
      const forged = createHmac('sha256', 'whsec_wrong').update(`${timestamp}.${call.body}`).digest('hex');
      expect(call.headers['kalcifer-signature']).not.toBe(`v1=${forged}`);
    }
    const body = JSON.parse(calls[0].body) as JournalMessage & { id: string };
    expect(body).toMatchObject({
      id: calls[0].headers['kalcifer-event-id'],
      journeyId,
      customerId: 'buyer-1',
    });
    expect(body.events.map((e) => e.type)).toEqual(['goal.reached']);

    // Retries came later and later (exponential backoff from 300 ms).
    const times = (await deliveryLog(created.id))[0].log.map((a) => Date.parse(a.at));
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);

    const [delivery] = await deliveryLog(created.id);
    expect(delivery).toMatchObject({
      eventId: body.id,
      status: 'delivered',
      attempts: 4,
      instanceId: body.instanceId,
    });
    expect(delivery.log.map((a) => a.httpStatus)).toEqual([500, 500, 500, 200]);
    expect(delivery.log[0].error).toMatch(/answered 500: down for maintenance/);
  }, 90_000);

  it('updates, filters and deletes subscriptions; bad input is a 400 that says what to fix', async () => {
    const { id } = await api.ok<{ id: string }>('POST', '/v1/webhook-subscriptions', {
      url: `${receiver.url}/x`,
    });
    const patched = await api.ok<{ eventTypes: string[]; enabled: boolean }>(
      'PATCH',
      `/v1/webhook-subscriptions/${id}`,
      { eventTypes: ['journey.completed', 'journey.exited'], enabled: false },
    );
    expect(patched).toMatchObject({ eventTypes: ['journey.completed', 'journey.exited'], enabled: false });

    const bad: [string, string, unknown, RegExp][] = [
      ['POST', '/v1/webhook-subscriptions', { url: 'ftp://example.com/x' }, /url must start with https:\/\//],
      [
        'POST',
        '/v1/webhook-subscriptions',
        { url: 'https://example.com', eventTypes: ['nope'] },
        /each event type/,
      ],
      ['POST', '/v1/webhook-subscriptions', { url: 'https://example.com', secret: 'mine' }, /secret/],
      ['PATCH', `/v1/webhook-subscriptions/${id}`, {}, /send at least one of/],
      ['GET', `/v1/webhook-subscriptions/${id}/deliveries?status=lost`, undefined, /status must be one of/],
    ];
    for (const [method, route, payload, message] of bad) {
      const res = await api.call<{ error: { code: string; message: string } }>(method, route, payload);
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await api.call('GET', '/v1/webhook-subscriptions/whs_missing')).status).toBe(404);
    expect(await api.ok('DELETE', `/v1/webhook-subscriptions/${id}`)).toEqual({ deleted: true });
    expect((await api.call('GET', `/v1/webhook-subscriptions/${id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/v1/webhook-subscriptions/${id}`)).status).toBe(404);
  });
});

interface DeliveryView {
  eventId: string;
  status: string;
  attempts: number;
  instanceId: string;
  log: { at: string; httpStatus?: number; error?: string }[];
}

async function deliveryLog(subscriptionId: string): Promise<DeliveryView[]> {
  return (
    await api.ok<{ deliveries: DeliveryView[] }>(
      'GET',
      `/v1/webhook-subscriptions/${subscriptionId}/deliveries`,
    )
  ).deliveries;
}
