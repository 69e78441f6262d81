/**
 * Every node kind at once, through the REST API only, on the real NATS, the MongoDB-wire server (DocumentDB), Redis, Mailpit
 * and the local provider fakes (Twilio, FCM, a user's webhook endpoint), on the real clock.
 * 100 customers enter by all five entry kinds; the counts per branch must be exactly what the
 * graph says (the A/B split within statistical tolerance).
 */
import { startFakeProviders, type FakeProviders } from '../../services/channels/test/fakes';
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_nodes';
const DOMAIN = 'nodes.kalcifer.test';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;
let fakes: FakeProviders;

type Entry = 'manual' | 'event' | 'segment' | 'webhook' | 'scheduled';
const ENTRIES: Entry[] = ['manual', 'event', 'segment', 'webhook', 'scheduled'];
/** 60 manual, 10 by each other entry kind. */
const customers = Array.from({ length: 100 }, (_, i) => ({
  id: `node-c${String(i).padStart(3, '0')}`,
  i,
  entry: i < 60 ? 'manual' : ENTRIES[1 + Math.floor((i - 60) / 10)],
  pro: i % 3 === 0,
  clicks: i % 2 === 0,
}));

function profile(c: (typeof customers)[number], followUpAt: string): Record<string, unknown> {
  return {
    email: `${c.id}@${DOMAIN}`,
    phone: `+1555${String(1_000_000 + c.i).slice(1)}`,
    fcmToken: `fcm-token-${c.i}`,
    firstName: `Ada${c.i}`,
    plan: c.pro ? 'pro' : 'free',
    followUpAt,
  };
}

function graph(webhookUrl: string) {
  return {
    nodes: [
      { id: 'manual', type: 'manual_entry', config: {} },
      {
        id: 'signup',
        type: 'event_entry',
        config: { event: 'signed_up', filter: 'event.properties.source != "spam"', reentry: 'once' },
      },
      {
        id: 'vips',
        type: 'segment_entry',
        config: { segment: { expression: 'customer.vipScore > 50' }, reentry: 'once' },
      },
      { id: 'hook', type: 'webhook_entry', config: { reentry: 'once' } },
      {
        id: 'cron',
        type: 'scheduled_entry',
        config: { cron: '* * * * *', criteria: 'customer.cronGroup == true', reentry: 'once' },
      },
      {
        id: 'stage',
        type: 'update_profile',
        config: { set: { stage: 'onboarding' }, increment: { journeys: 1 } },
      },
      { id: 'tag', type: 'add_tag', config: { tag: 'onboarding' } },
      {
        id: 'split',
        type: 'ab_split',
        config: {
          variants: [
            { name: 'a', percent: 50 },
            { name: 'b', percent: 50 },
          ],
        },
      },
      {
        id: 'mail',
        type: 'send_email',
        config: {
          subject: 'Welcome {{ customer.firstName }}',
          body: 'Hello {{ customer.firstName | upcase }}',
        },
      },
      { id: 'sms', type: 'send_sms', config: { body: 'Welcome {{ customer.firstName }}' } },
      { id: 'cap', type: 'frequency_cap', config: { channel: 'email', limit: 5, window: 'P1D' } },
      { id: 'capped', type: 'exit', config: { reason: 'too many emails today' } },
      { id: 'fork', type: 'parallel', config: { branches: ['nudge', 'listen'] } },
      { id: 'pause', type: 'wait', config: { duration: 'PT1S' } },
      {
        id: 'push',
        type: 'send_push',
        config: { title: 'Hi {{ customer.firstName }}', body: 'Open the app' },
      },
      {
        id: 'score',
        type: 'custom_code',
        config: { code: 'return { output: customer.plan == "pro" ? "pro" : "next" };', outputs: ['pro'] },
      },
      { id: 'converted', type: 'goal_reached', config: {} },
      { id: 'wa', type: 'send_whatsapp', config: { body: 'Thanks {{ customer.firstName }}' } },
      { id: 'untag', type: 'remove_tag', config: { tag: 'onboarding' } },
      { id: 'listen', type: 'wait_for_event', config: { event: 'clicked', timeout: 'PT20S' } },
      { id: 'notify', type: 'call_webhook', config: { url: webhookUrl, method: 'POST' } },
      { id: 'later', type: 'wait_until', config: { attribute: 'followUpAt' } },
      { id: 'isPro', type: 'condition', config: { expression: 'customer.plan == "pro"' } },
      { id: 'bye', type: 'exit', config: { reason: 'pro customer who never clicked' } },
      { id: 'followedUp', type: 'add_tag', config: { tag: 'followed-up' } },
    ],
    edges: [
      ...['manual', 'signup', 'vips', 'hook', 'cron'].map((from) => ({ from, to: 'stage', output: 'next' })),
      { from: 'stage', to: 'tag', output: 'next' },
      { from: 'tag', to: 'split', output: 'next' },
      { from: 'split', to: 'mail', output: 'variant:a' },
      { from: 'split', to: 'sms', output: 'variant:b' },
      { from: 'mail', to: 'cap', output: 'next' },
      { from: 'sms', to: 'cap', output: 'next' },
      { from: 'cap', to: 'fork', output: 'within' },
      { from: 'cap', to: 'capped', output: 'exceeded' },
      { from: 'fork', to: 'pause', output: 'branch:nudge' },
      { from: 'pause', to: 'push', output: 'next' },
      { from: 'push', to: 'score', output: 'next' },
      { from: 'score', to: 'converted', output: 'pro' },
      { from: 'converted', to: 'wa', output: 'next' },
      { from: 'score', to: 'untag', output: 'next' },
      { from: 'fork', to: 'listen', output: 'branch:listen' },
      { from: 'listen', to: 'notify', output: 'event' },
      { from: 'listen', to: 'later', output: 'timeout' },
      { from: 'later', to: 'isPro', output: 'next' },
      { from: 'isPro', to: 'bye', output: 'true' },
      { from: 'isPro', to: 'followedUp', output: 'false' },
    ],
  };
}

interface ListedInstance {
  id: string;
  customerId: string;
  status: string;
  state: { tokens: { nodeId: string }[] };
}

async function listInstances(journeyId: string): Promise<ListedInstance[]> {
  const out: ListedInstance[] = [];
  let cursor: string | null = null;
  do {
    const page: { instances: ListedInstance[]; nextCursor: string | null } = await api.ok(
      'GET',
      `/v1/instances?journeyId=${journeyId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.instances);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  fakes = await startFakeProviders();
  api = await startProduct(stack, PREFIX, 'kal_e2eNodesKey000000000000000000001');
  // webhook/http: the call_webhook receiver is on 127.0.0.1, which the workspace must allow (SSRF).
  for (const key of ['sms/twilio', 'push/fcm', 'whatsapp/twilio', 'webhook/http']) {
    const { channel, ...config } = fakes.configs[key];
    await api.ok('PUT', `/v1/providers/${channel}`, config);
  }
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
  await fakes?.stop();
}, 60_000);

it('runs a journey using every node kind for 100 customers, with the expected count on every branch', async () => {
  const journey = await api.ok<{ id: string }>('POST', '/v1/journeys', {
    name: 'every node',
    graph: graph(`${fakes.webhook.baseUrl}/hooks/kalcifer`),
  });
  await api.ok('POST', `/v1/journeys/${journey.id}/versions`, { strategy: 'new_entries_only', note: 'e2e' });
  await api.ok('POST', `/v1/journeys/${journey.id}/activate`);
  const { webhookPath } = await api.ok<{ webhookPath: string }>('GET', `/v1/journeys/${journey.id}`);
  const followUpAt = new Date(Date.now() + 90_000).toISOString();

  // Profiles first (the segment and scheduled groups are marked later, to enter at that moment).
  for (const c of customers)
    await api.ok('PUT', `/v1/customers/${c.id}`, { attributes: profile(c, followUpAt) });

  const by = (entry: Entry) => customers.filter((c) => c.entry === entry);
  await api.ok('POST', `/v1/journeys/${journey.id}/enrollments`, {
    enrollments: by('manual').map((c) => ({ customerId: c.id })),
  });
  await api.ok('POST', '/v1/events/batch', {
    events: [
      ...by('event').map((c) => ({ customerId: c.id, name: 'signed_up', properties: { source: 'ads' } })),
      // Filtered out by the entry's filter: nobody enters on a spam sign-up.
      { customerId: by('manual')[0].id, name: 'signed_up', properties: { source: 'spam' } },
    ],
  });
  for (const c of by('segment'))
    await api.ok('PUT', `/v1/customers/${c.id}`, { attributes: { vipScore: 80 } });
  for (const c of by('webhook')) {
    const res = await fetch(`${stack.gatewayUrl}${webhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `delivery-${c.id}` },
      body: JSON.stringify({ customerId: c.id, orderId: `order-${c.i}` }),
    });
    expect(res.status).toBe(202);
  }
  for (const c of by('scheduled'))
    await api.ok('PUT', `/v1/customers/${c.id}`, { attributes: { cronGroup: true } });

  // The clickers click once they wait for it (after the fork); the scheduled group enters at the
  // next whole minute, so this runs for up to a minute and a half.
  const clicked = new Set<string>();
  await eventually(
    async () => {
      const instances = await listInstances(journey.id);
      const listening = instances.filter(
        (i) => i.status === 'waiting' && i.state.tokens.some((t) => t.nodeId === 'listen'),
      );
      const clickers = listening
        .map((i) => customers.find((c) => c.id === i.customerId)!)
        .filter((c) => c.clicks && !clicked.has(c.id));
      if (clickers.length > 0) {
        await api.ok('POST', '/v1/events/batch', {
          events: clickers.map((c) => ({ customerId: c.id, name: 'clicked', properties: {} })),
        });
        clickers.forEach((c) => clicked.add(c.id));
      }
      return instances.length === 100 && instances.every((i) => ['completed', 'exited'].includes(i.status));
    },
    200_000,
    500,
  );

  const instances = await api.allInstances(`journeyId=${journey.id}`);
  expect(instances).toHaveLength(100);
  expect(new Set(instances.map((i) => i.customerId)).size).toBe(100);

  // Customers who clicked took `event` -> call_webhook; the others waited until followUpAt and
  // the pros among them left by the exit node.
  const proNonClickers = customers.filter((c) => c.pro && !clicked.has(c.id));
  const exited = instances.filter((i) => i.status === 'exited').map((i) => i.customerId);
  expect(new Set(exited)).toEqual(new Set(proNonClickers.map((c) => c.id)));
  expect(clicked.size).toBe(customers.filter((c) => c.clicks).length);

  // A/B: every customer got exactly one of the email or the SMS, split about half and half.
  const emails = await emailsByRecipient(DOMAIN);
  const received = fakes.received();
  const sms = received.twilio.filter(
    (r) => r.path.endsWith('/Messages.json') && !r.body.includes('whatsapp'),
  );
  const whatsapp = received.twilio.filter(
    (r) => r.path.endsWith('/Messages.json') && r.body.includes('whatsapp'),
  );
  expect(emails.size + sms.length).toBe(100);
  expect(emails.size).toBeGreaterThanOrEqual(30);
  expect(emails.size).toBeLessThanOrEqual(70);
  for (const [to, subjects] of emails) {
    const c = customers.find((x) => `${x.id}@${DOMAIN}` === to)!;
    expect(subjects).toEqual([`Welcome Ada${c.i}`]);
  }
  const smsTo = new Set(sms.map((r) => new URLSearchParams(r.body).get('To')));
  expect(smsTo.size).toBe(sms.length);

  // Push to everyone; WhatsApp to the pros (custom code -> goal); the webhook to the clickers.
  const pushes = received.fcm.filter((r) => r.path.includes('messages:send'));
  expect(pushes).toHaveLength(100);
  expect(whatsapp).toHaveLength(customers.filter((c) => c.pro).length);
  const hooks = received.webhook.filter((r) => r.path === '/hooks/kalcifer');
  const hookedCustomers = hooks.map((r) => (JSON.parse(r.body) as { customerId: string }).customerId);
  expect(new Set(hookedCustomers)).toEqual(clicked);
  expect(hookedCustomers).toHaveLength(clicked.size);

  // Profiles: set and incremented once; `onboarding` stays only on pros (free customers' branch
  // removed it); free customers who never clicked were tagged `followed-up`.
  for (const c of customers) {
    const { attributes } = await api.ok<{ attributes: Record<string, unknown> }>(
      'GET',
      `/v1/customers/${c.id}`,
    );
    expect(attributes).toMatchObject({ stage: 'onboarding', journeys: 1 });
    const expected = c.pro ? ['onboarding'] : clicked.has(c.id) ? [] : ['followed-up'];
    expect(attributes.tags ?? []).toEqual(expected);
  }

  // Each customer's trace names every node it passed, with timestamps; goals counted for pros.
  const sample = customers.filter((c) => [0, 1, 61, 71, 81, 91].includes(c.i));
  for (const c of sample) {
    const instance = instances.find((i) => i.customerId === c.id)!;
    const view = await api.ok<{
      state: { conversions: number };
      trace: { type: string; nodeId?: string; at: string }[];
    }>('GET', `/v1/instances/${instance.id}`);
    const entered = view.trace.filter((t) => t.type === 'node_entered').map((t) => t.nodeId);
    const entryNode = {
      manual: 'manual',
      event: 'signup',
      segment: 'vips',
      webhook: 'hook',
      scheduled: 'cron',
    }[c.entry];
    expect(entered).toEqual(
      expect.arrayContaining([entryNode, 'stage', 'tag', 'split', 'cap', 'fork', 'push', 'score']),
    );
    expect(view.trace.every((t) => !Number.isNaN(Date.parse(t.at)))).toBe(true);
    expect(view.state.conversions).toBe(c.pro ? 1 : 0);
  }
});
