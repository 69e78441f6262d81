/**
 * Journey analytics against the ground truth: a branching journey (a condition, an A/B split,
 * waits) with a few hundred customers entered through the public API, while the analytics
 * service is SIGKILLed mid-run and started again. Every customer is counted exactly once at every
 * node it passed, and nowhere else.
 */
import { isDeepStrictEqual } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Api, createWorkspace } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually, infra } from '../support/infra';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_analytics';
const WAVES = 3;
const PER_WAVE = 100;
const TOTAL = WAVES * PER_WAVE;
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Two customers in three are on the pro plan. */
const isPro = (i: number) => i % 3 !== 0;

/**
 * entry -> isPro? true -> split: a -> tag_a -> wait_a (2 s) -> goal (end: completed)
 *                                 b -> tag_b -> bye_b (exit)
 *                 false -> wait_f (1 s) -> bye_f (exit)
 */
const graph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'isPro', type: 'condition', config: { expression: 'customer.plan == "pro"' } },
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
    { id: 'tag_a', type: 'add_tag', config: { tag: 'variant-a' } },
    { id: 'wait_a', type: 'wait', config: { duration: 'PT2S' } },
    { id: 'goal', type: 'goal_reached', config: {} },
    { id: 'tag_b', type: 'add_tag', config: { tag: 'variant-b' } },
    { id: 'bye_b', type: 'exit', config: { reason: 'variant b ends here' } },
    { id: 'wait_f', type: 'wait', config: { duration: 'PT1S' } },
    { id: 'bye_f', type: 'exit', config: { reason: 'not a pro customer' } },
  ],
  edges: [
    { from: 'entry', to: 'isPro', output: 'next' },
    { from: 'isPro', to: 'split', output: 'true' },
    { from: 'isPro', to: 'wait_f', output: 'false' },
    { from: 'split', to: 'tag_a', output: 'variant:a' },
    { from: 'split', to: 'tag_b', output: 'variant:b' },
    { from: 'tag_a', to: 'wait_a', output: 'next' },
    { from: 'wait_a', to: 'goal', output: 'next' },
    { from: 'tag_b', to: 'bye_b', output: 'next' },
    { from: 'wait_f', to: 'bye_f', output: 'next' },
  ],
};

interface NodeRow {
  nodeId: string;
  version: number;
  entered: number;
  exited: number;
  avgMs: number;
  p95Ms: number;
}

/** Waits until the analytics consumer has acknowledged every journal message. */
async function journalConsumerDrained(): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await eventually(
      async () => {
        const i = await jsm.consumers.info('KALCIFER_JOURNAL', 'analytics-journal');
        const stream = await jsm.streams.info('KALCIFER_JOURNAL');
        return (
          i.num_pending === 0 && i.num_ack_pending === 0 && i.ack_floor.stream_seq === stream.state.last_seq
        );
      },
      60_000,
      250,
    );
  } finally {
    await nc.close();
  }
}

async function forgetJournalConsumer(): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    await (await jetstreamManager(nc)).consumers.delete('KALCIFER_JOURNAL', 'analytics-journal');
  } finally {
    await nc.close();
  }
}

/** Events stored and events skipped as already stored, by the running analytics process. */
async function analyticsMetrics(): Promise<{ stored: number; duplicates: number }> {
  const text = await (await fetch(`${stack.healthUrl('analytics')}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`${name}\\{[^}]*\\} (\\d+)`).exec(text)?.[1]);
  return {
    stored: value('kalcifer_analytics_events_stored_total'),
    duplicates: value('kalcifer_analytics_events_duplicate_total'),
  };
}

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eAnalyticsKey0000000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it('counts every customer exactly once per node, also across a SIGKILL of the analytics service', async () => {
  const journeyId = await api.launchJourney('Analytics under a crash', graph);
  const from = new Date().toISOString();

  for (let w = 0; w < WAVES; w++) {
    const ids = Array.from({ length: PER_WAVE }, (_, k) => w * PER_WAVE + k);
    const res = await api.callRetrying('POST', `/v1/journeys/${journeyId}/enrollments`, {
      enrollments: ids.map((i) => ({
        customerId: `an-c${i}`,
        attributes: { plan: isPro(i) ? 'pro' : 'free' },
      })),
    });
    expect(res.status).toBe(202);
    if (w === 1) {
      // Mid-run: the second wave's steps are being journaled and the first wave is waiting.
      await sleep(150);
      await stack.kill('analytics');
      await sleep(1_500);
      await stack.start('analytics');
    }
  }

  // Ground truth from the orchestrator: every instance ended, and how.
  const instances = await eventually(
    async () => {
      const all = await api.allInstances(`journeyId=${journeyId}`);
      return all.length === TOTAL && all.every((i) => ['completed', 'exited'].includes(i.status)) && all;
    },
    90_000,
    500,
  );
  const proIds = new Set(
    Array.from({ length: TOTAL }, (_, i) => i)
      .filter(isPro)
      .map((i) => `an-c${i}`),
  );
  const pro = instances.filter((i) => proIds.has(i.customerId));
  const variantA = pro.filter((i) => i.status === 'completed').length; // a ends at the goal
  const variantB = pro.length - variantA; // b exits at bye_b
  const free = TOTAL - pro.length;
  expect(instances.filter((i) => !proIds.has(i.customerId)).every((i) => i.status === 'exited')).toBe(true);
  expect(variantA).toBeGreaterThan(50);
  expect(variantB).toBeGreaterThan(50);

  // The analytics consumer has acknowledged everything, including what the killed process had
  // received but not acknowledged: JetStream redelivered that to the restarted one.
  await journalConsumerDrained();
  // The kill was mid-run: the restarted process stored events too.
  expect((await analyticsMetrics()).stored).toBeGreaterThan(0);

  const expectedNodes: Record<string, [entered: number, exited: number]> = {
    entry: [TOTAL, TOTAL],
    isPro: [TOTAL, TOTAL],
    split: [pro.length, pro.length],
    tag_a: [variantA, variantA],
    wait_a: [variantA, variantA],
    goal: [variantA, variantA], // end of path: it exits by `next`
    tag_b: [variantB, variantB],
    bye_b: [variantB, 0], // an exit node is entered, never left
    wait_f: [free, free],
    bye_f: [free, 0],
  };
  const counts = (rows: NodeRow[]) =>
    Object.fromEntries(rows.map((r) => [r.nodeId, [r.entered, r.exited] as [number, number]]));

  const nodesRoute = `/v1/journeys/${journeyId}/analytics/nodes?from=${from}`;
  const figures = await eventually(
    async () => {
      const res = await api.call<{ nodes: NodeRow[] }>('GET', nodesRoute);
      return res.status === 200 && isDeepStrictEqual(counts(res.body.nodes), expectedNodes)
        ? res.body.nodes
        : undefined;
    },
    60_000,
    500,
  ).catch(async () => {
    // Show the difference rather than a timeout.
    const res = await api.call<{ nodes: NodeRow[] }>('GET', nodesRoute);
    expect(counts(res.body.nodes)).toEqual(expectedNodes);
    throw new Error('unreachable');
  });
  expect(figures.every((r) => r.version === 1)).toBe(true);
  const byId = Object.fromEntries(figures.map((r) => [r.nodeId, r]));
  // The waits last 2 s and 1 s (the timer fires at or after its due time).
  expect(byId.wait_a.avgMs).toBeGreaterThanOrEqual(2_000);
  expect(byId.wait_a.p95Ms).toBeGreaterThanOrEqual(byId.wait_a.avgMs);
  expect(byId.wait_f.avgMs).toBeGreaterThanOrEqual(1_000);
  expect(byId.wait_f.avgMs).toBeLessThan(byId.wait_a.avgMs);
  expect(byId.entry.avgMs).toBe(0);

  const journey = await api.ok<Record<string, unknown>>(
    'GET',
    `/v1/journeys/${journeyId}/analytics?from=${from}`,
  );
  expect(journey).toMatchObject({
    journeyId,
    from: new Date(from).toISOString(),
    to: null,
    entered: TOTAL,
    completed: variantA,
    exited: variantB + free,
    failed: 0,
    converted: variantA,
    conversionRate: variantA / TOTAL,
  });

  const funnel = await api.ok<{ steps: { nodeId: string; reached: number }[] }>(
    'GET',
    `/v1/journeys/${journeyId}/analytics/funnel?path=entry,isPro,split,wait_a,goal`,
  );
  expect(funnel.steps.map((s) => s.reached)).toEqual([TOTAL, TOTAL, pro.length, variantA, variantA]);

  // Nothing arrives later and counts twice (redeliveries after the kill were all skipped).
  await sleep(2_000);
  const again = await api.ok<{ nodes: NodeRow[] }>('GET', nodesRoute);
  expect(counts(again.nodes)).toEqual(expectedNodes);

  // The whole journal once more (the consumer forgotten, as when rebuilding after a loss): every
  // event is recognised and skipped, and the figures do not move.
  await stack.kill('analytics');
  await forgetJournalConsumer();
  await stack.start('analytics');
  await journalConsumerDrained();
  const replay = await analyticsMetrics();
  expect(replay.stored).toBe(0);
  expect(replay.duplicates).toBeGreaterThan(TOTAL * 6);
  const replayed = await api.ok<{ nodes: NodeRow[] }>('GET', nodesRoute);
  expect(counts(replayed.nodes)).toEqual(expectedNodes);

  // A range before the run holds nothing.
  const before = await api.ok<{ entered: number }>(
    'GET',
    `/v1/journeys/${journeyId}/analytics?to=${encodeURIComponent(from)}`,
  );
  expect(before.entered).toBe(0);
}, 240_000);

it("answers 404 for another workspace's journey and 400 for a bad range or path", async () => {
  const journeyId = await api.launchJourney('Analytics errors', graph);
  const other = new Api(stack.gatewayUrl, 'kal_e2eAnalyticsOther00000000000001');
  createWorkspace(`${PREFIX}_api_gateway`, other.apiKey);
  await eventually(async () => (await other.call('GET', '/v1/journeys')).status === 200, 15_000);
  for (const route of ['analytics', 'analytics/nodes', 'analytics/funnel?path=entry,isPro']) {
    const res = await other.call<{ error: { code: string } }>('GET', `/v1/journeys/${journeyId}/${route}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('journey_not_found');
  }
  const bad: Array<[string, RegExp]> = [
    ['analytics?from=yesterday', /from must be an ISO 8601 date-time/],
    ['analytics?from=2026-02-01&to=2026-01-01', /from must be before to/],
    ['analytics/nodes?since=2026-01-01', /since/],
    ['analytics/funnel?path=entry', /path must name 2 to 20 node ids, got 1/],
    ['analytics/funnel?path=entry,entry', /each node once/],
    ['analytics/funnel', /path is required/],
  ];
  for (const [route, message] of bad) {
    const res = await api.call<{ error: { code: string; message: string } }>(
      'GET',
      `/v1/journeys/${journeyId}/${route}`,
    );
    expect({ route, status: res.status, code: res.body.error.code }).toEqual({
      route,
      status: 400,
      code: 'invalid_request',
    });
    expect(res.body.error.message).toMatch(message);
  }
}, 60_000);
