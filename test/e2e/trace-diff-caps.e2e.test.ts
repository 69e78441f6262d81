/**
 * Issue 17, items 3-5, through the REST API on the whole stack:
 * - a trace keeps the version each entry happened on across a migration (v1 entries stay v1);
 * - the draft can be diffed against a version, both ways, and the publish dry run shows the diff;
 * - a frequency-cap rule on webhook is refused; a send delayed by a cap is traced as delayed (by
 *   which rule, until when) before it is sent; node_entered lines say what the node is.
 */
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_trace_diff_caps';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

interface TraceLine {
  at: string;
  type: string;
  nodeId: string | null;
  version: number;
  message: string;
  data: Record<string, unknown>;
}
interface Diff {
  from: number | string | null;
  to: number | string;
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: { id: string; changedFields: string[] }[];
}

const edge = (from: string, to: string) => ({ from, to, output: 'next' });
/** v1: entry -> a wait of one hour (named) -> thanks. */
const V1 = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'pause', type: 'wait', name: 'Wait 1 hour', config: { duration: 'PT1H' } },
    { id: 'thanks', type: 'send_email', config: { subject: 'Thanks', body: 'Thanks' } },
  ],
  edges: [edge('entry', 'pause'), edge('pause', 'thanks')],
};
/** v2: the wait takes two hours and a survey comes before the thanks. */
const V2 = {
  nodes: [
    V1.nodes[0],
    { id: 'pause', type: 'wait', name: 'Wait 2 hours', config: { duration: 'PT2H' } },
    { id: 'survey', type: 'send_email', config: { subject: 'Survey', body: 'Survey' } },
    V1.nodes[2],
  ],
  edges: [edge('entry', 'pause'), edge('pause', 'survey'), edge('survey', 'thanks')],
};

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eTraceDiffCapsKey000000000001');
}, 180_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

/** A live v1 journey with one customer waiting in it, and V2 saved as its draft. */
async function waitingCustomerAndDraft(name: string, customerId: string) {
  const journeyId = await api.launchJourney(name, V1);
  await api.ok('PUT', `/v1/customers/${customerId}`, { attributes: { email: `${customerId}@history.test` } });
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments: [{ customerId }] });
  const [instance] = await eventually(async () => {
    const all = await api.allInstances(`journeyId=${journeyId}`);
    return all.length === 1 && all[0]?.status === 'waiting' ? all : undefined;
  });
  await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: V2 });
  return { journeyId, instanceId: instance?.id ?? '' };
}

it('diffs the draft against a version, both ways, and the publish dry run shows that diff', async () => {
  const { journeyId } = await waitingCustomerAndDraft('preview', 'eve');
  const forward = await api.ok<Diff>('GET', `/v1/journeys/${journeyId}/diff?from=1&to=draft`);
  expect(forward).toMatchObject({ from: 1, to: 'draft', addedNodes: ['survey'], removedNodes: [] });
  expect(forward.changedNodes).toEqual([{ id: 'pause', changedFields: ['duration', 'name'] }]);
  const backward = await api.ok<Diff>('GET', `/v1/journeys/${journeyId}/diff?from=draft&to=1`);
  expect(backward).toMatchObject({ from: 'draft', to: 1, addedNodes: [], removedNodes: ['survey'] });
  const refused = await api.call<{ error: { code: string; message: string } }>(
    'GET',
    `/v1/journeys/${journeyId}/diff?from=1&to=drafts`,
  );
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toContain('"draft"');
  const dry = await api.ok<{ dryRun: boolean; diff: Diff; plan: { total: number } }>(
    'POST',
    `/v1/journeys/${journeyId}/versions`,
    { strategy: 'migrate_all', dryRun: true },
  );
  expect(dry).toMatchObject({ dryRun: true, plan: { total: 1 } });
  expect(dry.diff).toEqual(forward);
});

it('keeps the version each trace entry happened on across a migration, and names the nodes entered', async () => {
  const { journeyId, instanceId } = await waitingCustomerAndDraft('history', 'ada');
  const published = await api.ok<{ migration: { id: string }; diff: Diff }>(
    'POST',
    `/v1/journeys/${journeyId}/versions`,
    { strategy: 'migrate_all' },
  );
  await eventually(async () => {
    const m = await api.ok<{ status: string }>(
      'GET',
      `/v1/journeys/${journeyId}/migrations/${published.migration.id}`,
    );
    return m.status === 'completed' ? m : undefined;
  });
  const view = await api.ok<{ version: number; trace: TraceLine[] }>('GET', `/v1/instances/${instanceId}`);
  expect(view.version).toBe(2);
  const started = view.trace.find((t) => t.type === 'instance_started');
  expect(started).toMatchObject({ version: 1 });
  expect(started?.message).toContain('v1');
  const migratedAt = view.trace.findIndex((t) => t.type === 'migrated');
  expect(migratedAt).toBeGreaterThan(0);
  expect(view.trace[migratedAt]).toMatchObject({ version: 2, data: { fromVersion: 1, toVersion: 2 } });
  expect(view.trace.slice(0, migratedAt).every((t) => t.version === 1)).toBe(true);
  expect(view.trace.slice(migratedAt).every((t) => t.version === 2)).toBe(true);
  const customerTrace = await api.ok<{ entries: TraceLine[] }>('GET', '/v1/customers/ada/trace');
  expect(customerTrace.entries.map((t) => t.version)).toEqual(view.trace.map((t) => t.version));

  // node_entered says what the node is.
  expect(view.trace.filter((t) => t.type === 'node_entered').map((t) => t.message)).toEqual([
    "entered manual_entry 'entry'",
    "entered wait 'Wait 1 hour'",
  ]);

  // The publish answered with what it changed (item 4).
  expect(published.diff).toMatchObject({ from: 1, to: 2, addedNodes: ['survey'] });
});

it('refuses a frequency-cap rule on webhook calls, naming the field and what to use', async () => {
  const res = await api.call<{ error: { code: string; message: string } }>('PUT', '/v1/frequency-caps', {
    rules: [{ channel: 'webhook', limit: 1, window: 'P1D', onCapped: 'skip' }],
  });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_cap_policy');
  expect(res.body.error.message).toContain('rules[0].channel');
  expect(res.body.error.message).toContain('"*"');
  expect(await api.ok('GET', '/v1/frequency-caps')).toEqual({ rules: [] });
});

it('traces a send a cap delays: delayed, by which rule, until when, then sent', async () => {
  await api.ok('PUT', '/v1/frequency-caps', {
    rules: [{ channel: 'email', limit: 1, window: 'PT20S', onCapped: 'delay' }],
  });
  const journeyId = await api.launchJourney('two emails', {
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      { id: 'first', type: 'send_email', config: { subject: 'First', body: 'First' } },
      { id: 'second', type: 'send_email', config: { subject: 'Second', body: 'Second' } },
    ],
    edges: [edge('entry', 'first'), edge('first', 'second')],
  });
  await api.ok('PUT', '/v1/customers/bob', { attributes: { email: 'bob@delayed.test' } });
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments: [{ customerId: 'bob' }] });
  await eventually(
    async () =>
      (await emailsByRecipient('delayed.test')).get('bob@delayed.test')?.length === 2 ? true : undefined,
    60_000,
    500,
  );
  // Both sends leave in one step, so either may reach the cap first: one is sent, the other is
  // delayed by the rule and sent when the window has passed.
  const statuses = await eventually(async () => {
    const { entries } = await api.ok<{ entries: TraceLine[] }>('GET', '/v1/customers/bob/trace');
    const of = (nodeId: string) => entries.filter((t) => t.type === 'delivery_status' && t.nodeId === nodeId);
    const byNode = { first: of('first'), second: of('second') };
    return [...byNode.first, ...byNode.second].filter((t) => t.data.status === 'sent').length === 2
      ? byNode
      : undefined;
  });
  const delayedNode = statuses.first.some((t) => t.data.status === 'delayed') ? 'first' : 'second';
  const otherNode = delayedNode === 'first' ? 'second' : 'first';
  const trace = statuses[delayedNode];
  const delayed = trace.find((t) => t.data.status === 'delayed');
  expect(delayed?.message).toMatch(
    /^delivery delayed: until \d{4}-\d\d-\d\dT[\d:.]+Z by the workspace rule "at most 1 email per PT20S" \(rules\[0\]\)$/,
  );
  expect(delayed?.data).toMatchObject({ capRule: { index: 0, channel: 'email', limit: 1, window: 'PT20S' } });
  expect(delayed?.data.retryAt).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  expect(trace.map((t) => t.data.status)).toEqual(['delayed', 'sent']);
  expect(statuses[otherNode].map((t) => t.data.status)).toEqual(['sent']);
});
