/**
 * The US-1 journey under load while the orchestrator and the channel worker are killed with
 * SIGKILL again and again and restarted: afterwards every customer has exactly the right emails,
 * none twice, none missing (counted at the SMTP server).
 */
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { STREAMS, type JournalMessage } from '@kalcifer/contracts';
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually, infra } from '../support/infra';
import { us1Journey } from '../support/journeys';
import { Stack, type ServiceName } from '../support/stack';

const PREFIX = 'e2e_crash';
const DOMAIN = 'crash.kalcifer.test';
const WAVES = 12;
const PER_WAVE = 40;
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

const customerId = (i: number) => `crash-c${i}`;
const emailOf = (i: number) => `c${i}@${DOMAIN}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eCrashKey00000000000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it('loses and duplicates nothing while the orchestrator and channel worker are SIGKILLed and restarted', async () => {
  const journeyId = await api.launchJourney('US-1 under crashes', us1Journey('PT40S'));
  const total = WAVES * PER_WAVE;
  const opened = new Set<number>();
  const kills: Record<string, number> = { orchestrator: 0, channels: 0 };

  // Chaos: alternately SIGKILL the orchestrator and the channel worker, restart after a pause.
  let chaosOn = true;
  const chaos = (async () => {
    const victims: ServiceName[] = ['orchestrator', 'channels'];
    for (let n = 0; chaosOn || n < 12; n++) {
      const victim = victims[n % 2];
      await sleep(700 + Math.floor(Math.random() * 900));
      await stack.kill(victim);
      kills[victim] += 1;
      await sleep(300 + Math.floor(Math.random() * 500));
      await stack.start(victim);
    }
  })();

  // Load: waves of enrollments; openers open once their welcome email has arrived.
  for (let w = 0; w < WAVES; w++) {
    const ids = Array.from({ length: PER_WAVE }, (_, k) => w * PER_WAVE + k);
    const res = await api.callRetrying('POST', `/v1/journeys/${journeyId}/enrollments`, {
      enrollments: ids.map((i) => ({
        customerId: customerId(i),
        attributes: { email: emailOf(i), firstName: `C${i}` },
      })),
    });
    expect(res.status).toBe(202);
    const openers = ids.filter((i) => i % 2 === 0);
    await eventually(
      async () => {
        const byTo = await emailsByRecipient(DOMAIN);
        return openers.every((i) => (byTo.get(emailOf(i)) ?? []).length > 0);
      },
      120_000,
      500,
    );
    openers.forEach((i) => opened.add(i));
    const events = openers.map((i) => ({ customerId: customerId(i), name: 'email_opened' }));
    expect((await api.callRetrying('POST', '/v1/events/batch', { events })).status).toBe(202);
  }
  chaosOn = false;
  await chaos;
  expect(kills.orchestrator).toBeGreaterThanOrEqual(5);
  expect(kills.channels).toBeGreaterThanOrEqual(5);

  await eventually(
    async () => [...(await emailsByRecipient(DOMAIN)).values()].filter((s) => s.length >= 2).length === total,
    120_000,
    1_000,
  );
  await sleep(3_000);
  const byTo = await emailsByRecipient(DOMAIN);
  const wrong: string[] = [];
  for (let i = 0; i < total; i++) {
    const got = [...(byTo.get(emailOf(i)) ?? [])].sort();
    const want = [`Welcome C${i}`, opened.has(i) ? `Upsell for C${i}` : `Reminder for C${i}`].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${emailOf(i)}: got ${JSON.stringify(got)}`);
  }
  expect(wrong).toEqual([]);

  // The journal (written in the same outboxes) lost and repeated nothing either: per customer,
  // one entry and two messages requested.
  const perCustomer = new Map<string, string[]>();
  for (const step of await journalOf(journeyId))
    for (const e of step.events)
      if (e.type === 'journey.entered' || e.type === 'message.requested')
        perCustomer.set(step.customerId, [
          ...(perCustomer.get(step.customerId) ?? []),
          `${e.type}:${e.nodeId}`,
        ]);
  const wrongJournal: string[] = [];
  for (let i = 0; i < total; i++) {
    const got = [...(perCustomer.get(customerId(i)) ?? [])].sort();
    const want = [
      'journey.entered:entry',
      'message.requested:welcome',
      `message.requested:${opened.has(i) ? 'upsell' : 'reminder'}`,
    ].sort();
    if (JSON.stringify(got) !== JSON.stringify(want))
      wrongJournal.push(`${customerId(i)}: ${JSON.stringify(got)}`);
  }
  expect(wrongJournal).toEqual([]);
}, 600_000);

/** Every journal message of the journey, oldest first. */
async function journalOf(journeyId: string): Promise<JournalMessage[]> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const consumer = await jetstream(nc).consumers.get(STREAMS.journal.name, {
      filter_subjects: [`kalcifer.*.journal.${journeyId}`],
    });
    const out: JournalMessage[] = [];
    for (;;) {
      const pending = (await consumer.info()).num_pending;
      if (pending === 0) return out;
      for await (const msg of await consumer.fetch({ max_messages: Math.min(pending, 500), expires: 2_000 }))
        out.push(msg.json<JournalMessage>());
    }
  } finally {
    await nc.close();
  }
}
