/**
 * Migration dashboard data on the whole stack (issue 14, FR-10.6; NFR-4's `migrations` metric): a
 * gradual migration to 30%, then 100%, of customers waiting in a live journey. Its progress over
 * time (GET .../migrations/{mid}/progress) grows monotonically, shows the 30% plateau, ends at the
 * migration's final counts (migrated and held) and is then closed; the orchestrator's /metrics
 * counts every instance the migration moved.
 */
import { inRollout } from '@kalcifer/journey';
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_migration_progress';
const stack = new Stack({
  dbPrefix: PREFIX,
  // Ports of its own: another e2e stack or a benchmark may hold the default ones.
  gatewayPort: 28680,
  grpcPort: 25651,
  healthPortBase: 29701,
  env: { orchestrator: { MIGRATION_PROGRESS_SAMPLE_MS: '200' } },
});
let api: Api;

const N = 200;
type Counts = Record<'total' | 'enqueued' | 'migrated' | 'held' | 'exited' | 'failed' | 'unchanged', number>;
interface Migration {
  id: string;
  status: string;
  counts: Counts;
}
interface Progress {
  migrationId: string;
  intervalMs: number;
  final: boolean;
  samples: (Counts & { at: string })[];
}

const wait = (id: string, duration: string) => ({ id, type: 'wait', config: { duration } });
const edge = (from: string, to: string, output = 'next') => ({ from, to, output });
const condition = { id: 'is_pro', type: 'condition', config: { expression: 'customer.plan == "pro"' } };
/** v1: pro customers wait 3 days, the others 2 days. */
const V1 = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    condition,
    wait('pro_wait', 'P3D'),
    wait('free_wait', 'P2D'),
  ],
  edges: [edge('entry', 'is_pro'), edge('is_pro', 'pro_wait', 'true'), edge('is_pro', 'free_wait', 'false')],
};
/** v2: the pro wait stays (its customers move), the free wait is gone (its customers are held). */
const V2 = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    condition,
    wait('pro_wait', 'P5D'),
    wait('free_pause', 'P1D'),
  ],
  edges: [edge('entry', 'is_pro'), edge('is_pro', 'pro_wait', 'true'), edge('is_pro', 'free_pause', 'false')],
};

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eMigrationProgressKey000001');
}, 200_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it("keeps a gradual migration's counts over time, growing to its final counts, and counts the moves on /metrics", async () => {
  const journeyId = await api.launchJourney('progress', V1);
  const enrollments = Array.from({ length: N }, (_, i) => ({
    customerId: `mp-${i}`,
    attributes: { plan: i % 2 === 0 ? 'pro' : 'free' },
  }));
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments });
  const ids = await eventually(
    async () => {
      const all = await api.allInstances(`journeyId=${journeyId}`);
      return all.length === N && all.every((i) => i.status === 'waiting') && all.map((i) => i.id);
    },
    120_000,
    500,
  );
  const first = ids.filter((id) => inRollout(id, 30)).length;

  await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: V2 });
  const published = await api.ok<{ migration: Migration }>('POST', `/v1/journeys/${journeyId}/versions`, {
    strategy: 'gradual',
    removedNodePolicy: 'hold',
    rollout: { percent: 30 },
  });
  const mid = published.migration.id;
  const progressUrl = `/v1/journeys/${journeyId}/migrations/${mid}/progress`;
  const progress = () => api.ok<Progress>('GET', progressUrl);

  // At 30%: the plateau is sampled (the first 30% all done), and the series stays open.
  const at30 = await eventually(
    async () => {
      const p = await progress();
      return p.samples.some((s) => s.total === first && s.enqueued === 0) && p;
    },
    60_000,
    200,
  );
  expect(at30).toMatchObject({ migrationId: mid, intervalMs: 200, final: false });

  await api.ok('POST', `/v1/journeys/${journeyId}/migrations/${mid}/rollout`, { percent: 100 });
  const done = await eventually(
    async () => {
      const m = await api.ok<Migration>('GET', `/v1/journeys/${journeyId}/migrations/${mid}`);
      return m.status === 'completed' && m;
    },
    120_000,
    300,
  );
  expect(done.counts).toMatchObject({ total: N, enqueued: 0, migrated: N / 2, held: N / 2, failed: 0 });
  const series = await eventually(
    async () => {
      const p = await progress();
      return p.final && p;
    },
    30_000,
    200,
  );

  // Oldest first, each later than the one before, every count only growing, the last the final one.
  const { samples } = series;
  expect(samples.length).toBeGreaterThanOrEqual(2);
  const times = samples.map((s) => Date.parse(s.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(times).size).toBe(times.length);
  const processed = (s: Counts) => s.migrated + s.held + s.exited + s.failed + s.unchanged;
  for (let i = 1; i < samples.length; i++)
    for (const key of ['total', 'migrated', 'held'] as const)
      expect({ i, key, grew: samples[i][key] >= samples[i - 1][key] }).toEqual({ i, key, grew: true });
  expect(samples.map(processed)).toEqual([...samples.map(processed)].sort((a, b) => a - b));
  expect(samples.some((s) => s.total === first)).toBe(true);
  const { at: _at, ...last } = samples[samples.length - 1];
  expect(last).toEqual(done.counts);
  // Closed: nothing is added after the final sample.
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await progress()).samples).toHaveLength(samples.length);

  // Unknown migration: 404 migration_not_found.
  const missing = await api.call<{ error: { code: string } }>(
    'GET',
    `/v1/journeys/${journeyId}/migrations/mig_nope/progress`,
  );
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('migration_not_found');

  // NFR-4's migrations metric: one instance.migrated per instance moved or held (one token each).
  const metrics = await (await fetch(`${stack.healthUrl('orchestrator')}/metrics`)).text();
  const migrated = /kalcifer_journey_events_total\{type="instance\.migrated"[^}]*\} (\d+)/.exec(metrics);
  expect(Number(migrated?.[1])).toBe(done.counts.migrated + done.counts.held);
});
