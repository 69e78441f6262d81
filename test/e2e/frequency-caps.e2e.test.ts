/**
 * Global frequency caps through the REST API on the real stack: three journeys email the same
 * customers at the same moment, the workspace allows 2 emails a day, and no customer receives a
 * third; the capped sends are in the customers' traces. Then `delay`: a capped SMS is sent when
 * the window has room again.
 */
import { startFakeProviders, type FakeProviders } from '../../services/channels/test/fakes';
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(240_000);

const PREFIX = 'e2e_caps';
const DOMAIN = 'caps.kalcifer.test';
const CUSTOMERS = 60;
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;
let fakes: FakeProviders;

const customerId = (i: number) => `cap-c${i}`;

const emailJourney = (k: number) => ({
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    {
      id: 'mail',
      type: 'send_email',
      config: { subject: `Offer ${k}`, body: 'Hello {{ customer.firstName }}' },
    },
  ],
  edges: [{ from: 'entry', to: 'mail', output: 'next' }],
});

interface TraceView {
  trace: { type: string; nodeId?: string; data?: { status?: string } }[];
}

beforeAll(async () => {
  fakes = await startFakeProviders();
  api = await startProduct(stack, PREFIX, 'kal_e2eCapsKey0000000000000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
  await fakes?.stop();
}, 60_000);

it('never sends a customer a third email in a day when three journeys email them at once', async () => {
  const policy = await api.ok('PUT', '/v1/frequency-caps', {
    rules: [{ channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' }],
  });
  expect(policy).toEqual({ rules: [{ channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' }] });
  const journeys = await Promise.all([1, 2, 3].map((k) => api.launchJourney(`offer ${k}`, emailJourney(k))));
  for (let i = 0; i < CUSTOMERS; i++)
    await api.ok('PUT', `/v1/customers/${customerId(i)}`, {
      attributes: { email: `${customerId(i)}@${DOMAIN}`, firstName: `C${i}` },
    });
  // All three journeys enroll everyone at the same moment.
  await Promise.all(
    journeys.map((journeyId) =>
      api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
        enrollments: Array.from({ length: CUSTOMERS }, (_, i) => ({ customerId: customerId(i) })),
      }),
    ),
  );

  // Every send is decided: 2 emails and 1 capped send per customer, each in a trace.
  const decided = async () => {
    const statuses = new Map<string, string[]>();
    for (const journeyId of journeys) {
      for (const instance of await api.allInstances(`journeyId=${journeyId}`)) {
        const view = await api.ok<TraceView>('GET', `/v1/instances/${instance.id}`);
        const status = view.trace.find((t) => t.type === 'delivery_status')?.data?.status;
        if (status) statuses.set(instance.customerId, [...(statuses.get(instance.customerId) ?? []), status]);
      }
    }
    return statuses;
  };
  const statuses = await eventually(
    async () => {
      const s = await decided();
      return [...s.values()].reduce((n, list) => n + list.length, 0) === 3 * CUSTOMERS ? s : undefined;
    },
    150_000,
    2_000,
  );
  for (let i = 0; i < CUSTOMERS; i++) {
    expect((statuses.get(customerId(i)) ?? []).sort()).toEqual(['capped', 'sent', 'sent']);
  }
  const emails = await emailsByRecipient(DOMAIN);
  expect(emails.size).toBe(CUSTOMERS);
  for (const subjects of emails.values()) expect(subjects).toHaveLength(2);
});

it('delays a capped SMS to the next allowed time instead of dropping it', async () => {
  const { channel, ...twilio } = fakes.configs['sms/twilio'];
  await api.ok('PUT', `/v1/providers/${channel}`, twilio);
  await api.ok('PUT', '/v1/frequency-caps', {
    rules: [{ channel: 'sms', limit: 1, window: 'PT10S', onCapped: 'delay' }],
  });
  const journeyId = await api.launchJourney('two texts', {
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      { id: 'first', type: 'send_sms', config: { body: 'first text' } },
      { id: 'second', type: 'send_sms', config: { body: 'second text' } },
    ],
    edges: [
      { from: 'entry', to: 'first', output: 'next' },
      { from: 'first', to: 'second', output: 'next' },
    ],
  });
  await api.ok('PUT', '/v1/customers/texter', { attributes: { phone: '+15550001111' } });
  const enrolledAt = Date.now();
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments: [{ customerId: 'texter' }] });
  const texts = () =>
    fakes.twilio.received.filter((r) => r.path.endsWith('/Messages.json') && r.body.includes('15550001111'));
  await eventually(async () => (texts().length === 2 ? true : undefined), 60_000, 250);
  const [a, b] = texts().sort((x, y) => x.at - y.at);
  // The second text waited for the first to leave the 10-second window.
  expect(b.at - a.at).toBeGreaterThanOrEqual(9_000);
  expect(b.at - enrolledAt).toBeLessThan(40_000);
});
