/**
 * Alerting end to end on the real stack (issue 14, FR-10.5, US-19): a call_webhook node whose
 * target fails. The failure-rate rule stays quiet below its minimum sample, fires once when
 * the failures reach it, stays quiet while they go on, and resolves once when sends succeed
 * again (and so does a rule over the channel, webhook); the alerts reach a signed outbound webhook
 * and the live stream. The delivery-rate rule fires when delivery reports stop and resolves when
 * they come back; the no-entries rule fires once a journey had no entry for its window and
 * resolves on the next entry; each once, to the webhook and the stream.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertMessage, JournalMessage } from '@kalcifer/contracts';
import { SseClient } from '../../services/api-gateway/test/sse-client';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_alerts';
const KEY = 'kal_e2eAlertsKey0000000000000000001';
const stack = new Stack({
  dbPrefix: PREFIX,
  // Ports of its own: a benchmark stack may hold the default ones.
  gatewayPort: 18580,
  grpcPort: 15551,
  healthPortBase: 19601,
  env: {
    'api-gateway': { WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_POLL_MS: '50' },
    analytics: { ALERT_EVAL_INTERVAL_MS: '300' },
  },
});
let api: Api;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The CRM the journey calls (fails while `failing`) and the user's alert receiver, on 127.0.0.1. */
class Receiver {
  readonly alerts: Received[] = [];
  crmCalls = 0;
  failing = true;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (req.url === '/crm') {
          this.crmCalls++;
          res.writeHead(this.failing ? 503 : 200).end(this.failing ? 'CRM down' : 'ok');
          return;
        }
        this.alerts.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(200).end('ok');
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

interface RuleView {
  id: string;
  state: string;
  lastSamples: number | null;
  lastValue: number | null;
}

let receiver: Receiver;
let live: SseClient | undefined;

beforeAll(async () => {
  receiver = await new Receiver().start();
  api = await startProduct(stack, PREFIX, KEY);
}, 120_000);

afterAll(async () => {
  live?.close();
  await stack.stopAll();
  await receiver?.stop();
}, 60_000);

type Delivered = AlertMessage & { id: string };
/** The alerts the receiver got, of one rule. */
const alertBodies = (ruleId: string) =>
  receiver.alerts
    .map((a) => JSON.parse(a.body) as Delivered)
    .filter((b) => b.events[0].data.ruleId === ruleId);
const alertTypes = (ruleId: string) => alertBodies(ruleId).map((b) => b.events[0].type);
/** The alerts of one rule the live stream showed. */
const streamedTypes = (ruleId: string) =>
  (live?.received() ?? [])
    .map((e) => (JSON.parse(e.data) as AlertMessage).events[0])
    .filter((e) => e.data.ruleId === ruleId)
    .map((e) => e.type);

describe('alerting', () => {
  it('fires the failure-rate alert once on provider failures, and resolves it once when they stop', async () => {
    // The workspace calls a CRM on this machine (private targets allowed), and receives its alerts here.
    await api.ok('PUT', '/v1/providers/webhook', {
      provider: 'http',
      settings: { allowPrivateTargets: true },
    });
    const subscription = await api.ok<{ id: string; secret: string }>('POST', '/v1/webhook-subscriptions', {
      url: `${receiver.url}/alerts`,
      eventTypes: ['alert.fired', 'alert.resolved'],
    });
    live = await SseClient.open(`${api.baseUrl}/v1/stream?types=alert.fired,alert.resolved`, {
      authorization: `Bearer ${KEY}`,
    });
    expect(live.status).toBe(200);

    const journeyId = await api.launchJourney('Sync to CRM', {
      nodes: [
        { id: 'start', type: 'manual_entry', config: {} },
        {
          id: 'notify',
          type: 'call_webhook',
          config: { url: `${receiver.url}/crm`, method: 'POST', retries: 0 },
        },
        { id: 'wait', type: 'wait', config: { duration: 'P1D' } },
      ],
      edges: [
        { from: 'start', to: 'notify', output: 'next' },
        { from: 'notify', to: 'wait', output: 'next' },
      ],
    });
    const rule = await api.ok<RuleView & Record<string, unknown>>('POST', '/v1/alert-rules', {
      name: 'CRM sync failing',
      kind: 'failure_rate',
      journeyId,
      nodeId: 'notify',
      thresholdPercent: 50,
      windowMinutes: 10,
      minSamples: 5,
    });
    expect(rule).toMatchObject({ kind: 'failure_rate', nodeId: 'notify', enabled: true, state: 'ok' });
    // The same failures seen per channel, over the whole workspace.
    const channelRule = await api.ok<RuleView>('POST', '/v1/alert-rules', {
      name: 'Webhook calls failing',
      kind: 'failure_rate',
      channel: 'webhook',
      thresholdPercent: 50,
      windowMinutes: 10,
      minSamples: 5,
    });
    const ruleNow = () => api.ok<RuleView>('GET', `/v1/alert-rules/${rule.id}`);
    let customers = 0;
    const enroll = async (n: number) => {
      const enrollments = Array.from({ length: n }, () => ({ customerId: `crm-${++customers}` }));
      await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments });
    };
    /** Waits until the rule was evaluated over `samples` sends, then a few passes more. */
    const measured = async (samples: number) => {
      await eventually(async () => (await ruleNow()).lastSamples === samples, 30_000, 100);
      await new Promise((r) => setTimeout(r, 1_500));
    };

    // 4 failures of 4 sends: below the minimum sample, nothing fires.
    await enroll(4);
    await measured(4);
    expect(await ruleNow()).toMatchObject({ state: 'ok', lastValue: 100 });
    expect(receiver.alerts).toHaveLength(0);

    // The fifth failure reaches the minimum sample: fired, once.
    await enroll(1);
    await eventually(
      async () => alertBodies(rule.id).length > 0 && alertBodies(channelRule.id).length > 0,
      30_000,
      50,
    );
    // While the failures go on, no repeat.
    await enroll(3);
    await measured(8);
    expect(await ruleNow()).toMatchObject({ state: 'firing' });
    expect(alertTypes(rule.id)).toEqual(['alert.fired']);
    expect(alertTypes(channelRule.id)).toEqual(['alert.fired']);
    expect(receiver.alerts).toHaveLength(2);
    expect(receiver.crmCalls).toBe(8);

    const fired = receiver.alerts.find((a) => a.body.includes(rule.id))!;
    const timestamp = String(fired.headers['kalcifer-timestamp']);
    const signature = createHmac('sha256', subscription.secret)
      .update(`${timestamp}.${fired.body}`)
      .digest('hex');
    expect(fired.headers['kalcifer-signature']).toBe(`v1=${signature}`);
    expect(alertBodies(rule.id)[0]).toMatchObject({
      journeyId,
      events: [
        {
          type: 'alert.fired',
          nodeId: 'notify',
          data: {
            ruleId: rule.id,
            ruleName: 'CRM sync failing',
            kind: 'failure_rate',
            journeyId,
            nodeId: 'notify',
            value: 100,
            threshold: 50,
            samples: 5,
            windowMs: 10 * 60_000,
          },
        },
      ],
    });

    // The CRM recovers: 12 successful sends bring 8 failures of 8 down to 8 of 20 (40%): resolved, once.
    receiver.failing = false;
    await enroll(12);
    await eventually(async () => receiver.alerts.length >= 4, 30_000, 50);
    await measured(20);
    expect(alertTypes(rule.id)).toEqual(['alert.fired', 'alert.resolved']);
    expect(alertTypes(channelRule.id)).toEqual(['alert.fired', 'alert.resolved']);
    expect(alertBodies(channelRule.id)[0]).toMatchObject({
      journeyId: '',
      events: [{ data: { channel: 'webhook', value: 100, samples: 5 } }],
    });
    // Resolved by the first pass that saw the rate at or under 50%: 8 of 16 to 8 of 20 sends.
    const resolved = alertBodies(rule.id)[1].events[0].data;
    expect(resolved).toMatchObject({ ruleId: rule.id, threshold: 50 });
    expect(resolved.value).toBeLessThanOrEqual(50);
    expect(resolved.samples).toBeGreaterThanOrEqual(16);
    expect(await ruleNow()).toMatchObject({ state: 'ok', lastValue: 40 });

    // The live stream showed the same four alerts.
    await eventually(async () => (live?.received().length ?? 0) >= 4, 10_000, 50);
    const streamed = live.received().map((e) => (JSON.parse(e.data) as AlertMessage).events[0]);
    for (const id of [rule.id, channelRule.id])
      expect(streamed.filter((e) => e.data.ruleId === id).map((e) => e.type)).toEqual([
        'alert.fired',
        'alert.resolved',
      ]);
  }, 120_000);

  it('fires the delivery-rate alert once when delivery reports stop, and resolves it once when they come back', async () => {
    // Emails leave over SMTP (sent); their delivery reports come in as SendGrid's event webhook.
    const sends = await SseClient.open(`${api.baseUrl}/v1/stream?types=message.status`, {
      authorization: `Bearer ${KEY}`,
    });
    try {
      const journeyId = await api.launchJourney('Newsletter', {
        nodes: [
          { id: 'start', type: 'manual_entry', config: {} },
          { id: 'mail', type: 'send_email', config: { subject: 'News', body: 'News' } },
          { id: 'wait', type: 'wait', config: { duration: 'P1D' } },
        ],
        edges: [
          { from: 'start', to: 'mail', output: 'next' },
          { from: 'mail', to: 'wait', output: 'next' },
        ],
      });
      const rule = await api.ok<RuleView>('POST', '/v1/alert-rules', {
        name: 'Newsletter not delivered',
        kind: 'delivery_rate',
        journeyId,
        channel: 'email',
        thresholdPercent: 50,
        windowMinutes: 10,
        minSamples: 4,
      });
      const ruleNow = () => api.ok<RuleView>('GET', `/v1/alert-rules/${rule.id}`);
      let customers = 0;
      /** Enrolls n customers and answers the send keys of their emails once sent. */
      const enrollAndSend = async (n: number): Promise<string[]> => {
        const ids = Array.from({ length: n }, () => `reader-${++customers}`);
        await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
          enrollments: ids.map((customerId) => ({
            customerId,
            attributes: { email: `${customerId}@news.test` },
          })),
        });
        const sent = () =>
          sends
            .received()
            .map((e) => JSON.parse(e.data) as JournalMessage)
            .filter((m) => ids.includes(m.customerId) && m.events.some((e) => e.data?.status === 'sent'));
        await eventually(async () => sent().length === n, 30_000, 50);
        return sent().map((m) => String(m.events.find((e) => e.data?.status === 'sent')!.data.sendKey));
      };
      const workspaceOf = () => (JSON.parse(sends.received()[0].data) as JournalMessage).workspaceId;
      const deliver = async (sendKeys: string[]) => {
        const res = await fetch(`${api.baseUrl}/v1/webhooks/sendgrid/${workspaceOf()}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sendKeys.map((k) => ({ event: 'delivered', kalcifer_send_key: k }))),
        });
        expect(res.status).toBeLessThan(300);
      };
      const measured = async (samples: number, value: number) => {
        await eventually(
          async () => {
            const r = await ruleNow();
            return r.lastSamples === samples && r.lastValue === value;
          },
          30_000,
          100,
        );
        await new Promise((r) => setTimeout(r, 1_500));
      };

      // 4 sent, 4 delivered: 100%, nothing fires.
      await deliver(await enrollAndSend(4));
      await measured(4, 100);
      expect(alertBodies(rule.id)).toHaveLength(0);

      // 6 more sent and none delivered: 4 of 10 (40%) is below 50%: fired, once.
      const undelivered = await enrollAndSend(6);
      await eventually(async () => alertBodies(rule.id).length > 0, 30_000, 50);
      await measured(10, 40);
      expect(await ruleNow()).toMatchObject({ state: 'firing' });
      expect(alertTypes(rule.id)).toEqual(['alert.fired']);
      expect(alertBodies(rule.id)[0]).toMatchObject({
        journeyId,
        events: [
          {
            type: 'alert.fired',
            data: {
              ruleId: rule.id,
              kind: 'delivery_rate',
              channel: 'email',
              threshold: 50,
              value: 40,
              samples: 10,
            },
          },
        ],
      });

      // The reports come back: 10 of 10 delivered, resolved once.
      await deliver(undelivered);
      await eventually(async () => alertBodies(rule.id).length > 1, 30_000, 50);
      await measured(10, 100);
      expect(alertTypes(rule.id)).toEqual(['alert.fired', 'alert.resolved']);
      expect(alertBodies(rule.id)[1].events[0].data.value).toBeGreaterThanOrEqual(50);
      await eventually(async () => streamedTypes(rule.id).length >= 2, 10_000, 50);
      expect(streamedTypes(rule.id)).toEqual(['alert.fired', 'alert.resolved']);
    } finally {
      sends.close();
    }
  }, 120_000);

  it('fires the no-entries alert once a journey has had no entry for its window, and resolves it on the next entry', async () => {
    const journeyId = await api.launchJourney('Sign-ups', {
      nodes: [
        { id: 'start', type: 'manual_entry', config: {} },
        { id: 'wait', type: 'wait', config: { duration: 'P1D' } },
      ],
      edges: [{ from: 'start', to: 'wait', output: 'next' }],
    });
    // A window of 9 s (0.0025 h): the rule judges only once it is a window old.
    const rule = await api.ok<RuleView>('POST', '/v1/alert-rules', {
      name: 'No sign-ups',
      kind: 'no_entries',
      journeyId,
      hours: 0.0025,
    });
    const ruleNow = () => api.ok<RuleView>('GET', `/v1/alert-rules/${rule.id}`);
    const enroll = (customerId: string) =>
      api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments: [{ customerId }] });

    const enteredAt = Date.now();
    await enroll('early-bird');
    // Fires only once the entry has left the window, and once.
    await eventually(async () => alertBodies(rule.id).length > 0, 40_000, 50);
    const fired = alertBodies(rule.id)[0].events[0];
    expect(fired).toMatchObject({
      type: 'alert.fired',
      data: { ruleId: rule.id, kind: 'no_entries', journeyId, value: 0, windowMs: 9_000 },
    });
    expect(fired.data.windowStart).toBeGreaterThan(enteredAt);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(alertTypes(rule.id)).toEqual(['alert.fired']);
    expect(await ruleNow()).toMatchObject({ state: 'firing', lastValue: 0 });

    // An entry resolves it, once.
    await enroll('late-comer');
    await eventually(async () => alertBodies(rule.id).length > 1, 30_000, 50);
    expect(alertBodies(rule.id)[1].events[0]).toMatchObject({
      type: 'alert.resolved',
      data: { ruleId: rule.id, value: 1 },
    });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(alertTypes(rule.id)).toEqual(['alert.fired', 'alert.resolved']);
    expect(await ruleNow()).toMatchObject({ state: 'ok' });
    await eventually(async () => streamedTypes(rule.id).length >= 2, 10_000, 50);
    expect(streamedTypes(rule.id)).toEqual(['alert.fired', 'alert.resolved']);
  }, 120_000);

  it('lists, changes and deletes rules; bad input is a 400 that says what to fix and changes nothing', async () => {
    const before = await api.ok<{ rules: RuleView[] }>('GET', '/v1/alert-rules');
    const bad: [string, unknown, RegExp][] = [
      [
        'POST',
        { name: 'x', kind: 'failure_rate', thresholdPercent: 150, windowMinutes: 5 },
        /thresholdPercent must be 0 to 100/,
      ],
      [
        'POST',
        { name: 'x', kind: 'sometimes' },
        /kind must be one of failure_rate, delivery_rate, no_entries/,
      ],
      ['POST', { name: 'x', kind: 'no_entries', hours: 2 }, /journeyId/],
      [
        'POST',
        { name: 'x', kind: 'no_entries', journeyId: 'jr_x', hours: 2, windowMinutes: 5 },
        /windowMinutes/,
      ],
      [
        'POST',
        { name: 'x', kind: 'failure_rate', nodeId: 'n', thresholdPercent: 5, windowMinutes: 5 },
        /nodeId needs the journeyId/,
      ],
      [
        'POST',
        { name: 'x', kind: 'delivery_rate', channel: 'fax', thresholdPercent: 5, windowMinutes: 5 },
        /channel must be one of/,
      ],
    ];
    for (const [method, payload, message] of bad) {
      const res = await api.call<{ error: { code: string; message: string } }>(
        method,
        '/v1/alert-rules',
        payload,
      );
      expect({ payload, status: res.status }).toEqual({ payload, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect(
      (
        await api.call('POST', '/v1/alert-rules', {
          name: 'q',
          kind: 'no_entries',
          journeyId: 'jr_nope',
          hours: 1,
        })
      ).status,
    ).toBe(404);
    const ids = (list: { rules: RuleView[] }) => list.rules.map((r) => r.id);
    expect(ids(await api.ok('GET', '/v1/alert-rules'))).toEqual(ids(before));

    const created = await api.ok<RuleView>('POST', '/v1/alert-rules', {
      name: 'Email delivery',
      kind: 'delivery_rate',
      channel: 'email',
      thresholdPercent: 90,
      windowMinutes: 30,
    });
    const changed = await api.ok<Record<string, unknown>>('PATCH', `/v1/alert-rules/${created.id}`, {
      thresholdPercent: 80,
      channel: null,
      enabled: false,
    });
    expect(changed).toMatchObject({ thresholdPercent: 80, enabled: false, state: 'ok' });
    expect(changed.channel).toBeUndefined();
    const refused = await api.call<{ error: { code: string; message: string } }>(
      'PATCH',
      `/v1/alert-rules/${created.id}`,
      {
        hours: 3,
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/hours applies to no_entries rules only/);
    expect((await api.ok<{ rules: RuleView[] }>('GET', '/v1/alert-rules')).rules).toHaveLength(
      before.rules.length + 1,
    );
    expect(await api.ok('DELETE', `/v1/alert-rules/${created.id}`)).toEqual({ deleted: true });
    expect((await api.call('GET', `/v1/alert-rules/${created.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/v1/alert-rules/${created.id}`)).status).toBe(404);

    const audit = await api.ok<{ entries: { action: string }[] }>('GET', '/v1/audit');
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['alert_rule.created', 'alert_rule.updated', 'alert_rule.deleted']),
    );
  });
});
