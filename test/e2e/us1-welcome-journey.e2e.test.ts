/**
 * US-1 through the REST API only, on the real NATS, the MongoDB-wire server (DocumentDB), Redis and Mailpit, on the real clock:
 * welcome email -> wait for `email_opened` or a timeout -> upsell if opened, otherwise reminder.
 */
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { us1Journey } from '../support/journeys';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_us1';
const DOMAIN = 'us1.kalcifer.test';
const CUSTOMERS = 200;
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

const customerId = (i: number) => `us1-c${i}`;
const emailOf = (i: number) => `c${i}@${DOMAIN}`;

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eUs1Key0000000000000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it('sends every customer exactly the right emails, and traces every node with timestamps', async () => {
  const journeyId = await api.launchJourney('US-1 welcome series', us1Journey('PT15S'));
  const enrollments = Array.from({ length: CUSTOMERS }, (_, i) => ({
    customerId: customerId(i),
    attributes: { email: emailOf(i), firstName: `Customer${i}` },
  }));
  for (let i = 0; i < CUSTOMERS; i += 100) {
    const res = await api.call('POST', `/v1/journeys/${journeyId}/enrollments`, {
      enrollments: enrollments.slice(i, i + 100),
    });
    expect(res.status).toBe(202);
  }

  // Half of them open the welcome email, each as soon as it has arrived (as a person would).
  const opened = new Set(Array.from({ length: CUSTOMERS / 2 }, (_, k) => 2 * k));
  const openedSent = new Set<number>();
  await eventually(
    async () => {
      const byTo = await emailsByRecipient(DOMAIN);
      const ready = [...opened].filter((i) => !openedSent.has(i) && (byTo.get(emailOf(i)) ?? []).length > 0);
      if (ready.length > 0) {
        const events = ready.map((i) => ({
          customerId: customerId(i),
          name: 'email_opened',
          properties: { campaign: 'welcome' },
        }));
        expect((await api.call('POST', '/v1/events/batch', { events })).status).toBe(202);
        ready.forEach((i) => openedSent.add(i));
      }
      return byTo.size === CUSTOMERS && openedSent.size === opened.size;
    },
    60_000,
    500,
  );

  // Openers get the upsell at once; the others get the reminder when their timeout fires.
  await eventually(
    async () =>
      [...(await emailsByRecipient(DOMAIN)).values()].filter((s) => s.length >= 2).length === CUSTOMERS,
    60_000,
    500,
  );
  await new Promise((r) => setTimeout(r, 2_000)); // nothing more may arrive
  const byTo = await emailsByRecipient(DOMAIN);
  for (let i = 0; i < CUSTOMERS; i++) {
    const subjects = [...(byTo.get(emailOf(i)) ?? [])].sort();
    const second = opened.has(i) ? `Upsell for Customer${i}` : `Reminder for Customer${i}`;
    expect(subjects).toEqual([second, `Welcome Customer${i}`].sort());
  }

  // Every instance completed, and each trace shows every node it ran, with timestamps, in order.
  for (const i of [0, 1, 2, 3, 98, 99, 198, 199]) {
    const trace = await api.ok<{ entries: { at: string; type: string; nodeId: string }[] }>(
      'GET',
      `/v1/customers/${customerId(i)}/trace`,
    );
    const entered = trace.entries.filter((e) => e.type === 'node_entered').map((e) => e.nodeId);
    expect(entered).toEqual(['entry', 'welcome', 'wait_open', opened.has(i) ? 'upsell' : 'reminder']);
    for (const e of trace.entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    const times = trace.entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(trace.entries.some((e) => e.type === 'instance_completed')).toBe(true);
  }
  const completed = await api.allInstances(`journeyId=${journeyId}&status=completed`);
  expect(completed).toHaveLength(CUSTOMERS);
}, 180_000);
