/**
 * Issue 14 (FR-10.4, US-12, US-18) on the whole stack: one customer's trace through a journey
 * with a condition, an A/B split, a capped send and a live migration explains every step (the
 * condition's value and branch, the variant drawn, the cap decision, what was sent and how it
 * went, the version transition and its mapping) and says what happens next (the pending timer and
 * when it is due).
 */
import { abSplitVariant } from '@kalcifer/journey';
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_explained_trace';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

interface TraceLine {
  at: string;
  type: string;
  nodeId: string | null;
  version: number;
  message: string;
  data: Record<string, unknown>;
  why: string;
}
interface NextStep {
  instanceId: string;
  nodeId: string;
  version: number;
  kind: string;
  dueAt: string | null;
  why: string;
}

const DAY = 86_400_000;
const edge = (from: string, to: string, output = 'next') => ({ from, to, output });
const VARIANTS = [
  { name: 'a', percent: 50 },
  { name: 'b', percent: 50 },
];
/**
 * entry -> is_pro? true -> split: a|b -> hello (email) -> again (email, capped) -> rest (wait 3 days)
 *                  false -> bye (exit)
 */
const V1 = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'is_pro', type: 'condition', config: { expression: 'customer.plan == "pro"' } },
    { id: 'split', type: 'ab_split', config: { variants: VARIANTS } },
    { id: 'hello', type: 'send_email', config: { subject: 'Hello', body: 'Hello' } },
    { id: 'again', type: 'send_email', config: { subject: 'Again', body: 'Again' } },
    { id: 'rest', type: 'wait', config: { duration: 'P3D' } },
    { id: 'bye', type: 'exit', config: { reason: 'not a pro customer' } },
  ],
  edges: [
    edge('entry', 'is_pro'),
    edge('is_pro', 'split', 'true'),
    edge('is_pro', 'bye', 'false'),
    edge('split', 'hello', 'variant:a'),
    edge('split', 'hello', 'variant:b'),
    edge('hello', 'again'),
    edge('again', 'rest'),
  ],
};
/** v2: the wait takes five days. */
const V2 = {
  ...V1,
  nodes: V1.nodes.map((n) => (n.id === 'rest' ? { ...n, config: { duration: 'P5D' } } : n)),
};

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eExplainedTraceKey00000000001');
}, 180_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it("explains every step of one customer's trace: condition, variant, cap, sends, migration, what is next", async () => {
  await api.ok('PUT', '/v1/frequency-caps', {
    rules: [{ channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' }],
  });
  const journeyId = await api.launchJourney('explained', V1);
  await api.ok('PUT', '/v1/customers/ada', { attributes: { plan: 'pro', email: 'ada@explained.test' } });
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments: [{ customerId: 'ada' }] });

  // Both sends decided (one sent, one capped) and the customer waiting at `rest`.
  await eventually(async () => {
    const { entries } = await api.ok<{ entries: TraceLine[] }>('GET', '/v1/customers/ada/trace');
    const statuses = entries.filter((t) => t.type === 'delivery_status').map((t) => t.data.status);
    return statuses.includes('sent') && statuses.includes('capped') ? true : undefined;
  }, 60_000);
  expect((await emailsByRecipient('explained.test')).get('ada@explained.test')).toHaveLength(1);

  await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: V2 });
  const published = await api.ok<{ migration: { id: string } }>(
    'POST',
    `/v1/journeys/${journeyId}/versions`,
    {
      strategy: 'migrate_all',
    },
  );
  await eventually(async () => {
    const m = await api.ok<{ status: string }>(
      'GET',
      `/v1/journeys/${journeyId}/migrations/${published.migration.id}`,
    );
    return m.status === 'completed' ? m : undefined;
  });

  const trace = await api.ok<{ entries: TraceLine[]; next: NextStep[] }>('GET', '/v1/customers/ada/trace');
  const { entries } = trace;
  // Every step says why, in words.
  for (const line of entries) expect(line.why).toMatch(/\w{3,}/);
  const find = (type: string, nodeId: string | null, extra: (t: TraceLine) => boolean = () => true) => {
    const line = entries.find((t) => t.type === type && t.nodeId === nodeId && extra(t));
    if (line === undefined) throw new Error(`no ${type} at ${nodeId} in ${JSON.stringify(entries, null, 1)}`);
    return line;
  };

  // The condition: its expression, its value and the branch taken.
  expect(find('node_completed', 'is_pro').why).toBe(
    'condition customer.plan == "pro" was true, so the customer took the "true" branch',
  );
  expect(find('node_completed', 'is_pro').data).toMatchObject({
    output: 'true',
    condition: { expression: 'customer.plan == "pro"', value: true },
  });
  // The variant drawn: the one the split's hash gives this customer.
  const variant = abSplitVariant(VARIANTS, 'ada', journeyId, 'split');
  expect(find('node_completed', 'split').why).toBe(
    `the A/B split drew variant "${variant}" for this customer (stable per customer), output "variant:${variant}"`,
  );
  // What was sent, and the cap decision on each send: one allowed and sent, the other suppressed.
  // Both sends leave in the same step, so the channel worker may take either first: which one the
  // cap stops is not fixed, that exactly one is (and the trace says which and why) is.
  expect(find('send_requested', 'hello').why).toMatch(
    /^asked the email channel to send "Hello" \(send key \w+/,
  );
  expect(find('send_requested', 'again').why).toMatch(/^asked the email channel to send "Again"/);
  // Its message says what was asked for, on which channel, to whom.
  expect(find('send_requested', 'hello').message).toBe(
    `requested email "Hello" to customer ada's email address`,
  );
  const decisions = [find('delivery_status', 'hello').why, find('delivery_status', 'again').why].sort();
  expect(decisions[0]).toBe('delivery sent, allowed by the workspace frequency caps');
  expect(decisions[1]).toMatch(
    /^suppressed by the workspace's frequency cap: not sent; capped by the workspace rule "at most 1 email per P1D" \(rules\[0\]\)$/,
  );
  // The waiting before the migration, on v1: three days.
  const waiting = find('waiting', 'rest', (t) => t.version === 1);
  const waitedFrom = Date.parse(waiting.at);
  // The version transition and its mapping.
  expect(find('migrated', 'rest').why).toMatch(
    /^migrated from v1 to v2: node "rest" maps to "rest" \(rule: /,
  );
  expect(find('migrated', 'rest').version).toBe(2);

  // What happens next: the timer of v2's five-day wait, counted from when the customer arrived.
  expect(trace.next).toHaveLength(1);
  expect(trace.next[0]).toMatchObject({ nodeId: 'rest', version: 2, kind: 'timer' });
  expect(Date.parse(trace.next[0].dueAt ?? '')).toBe(waitedFrom + 5 * DAY);
  expect(trace.next[0].why).toBe(
    `timer due at ${new Date(waitedFrom + 5 * DAY).toISOString()}: the wait ends`,
  );
});
