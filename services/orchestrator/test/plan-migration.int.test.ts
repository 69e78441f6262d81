/**
 * The migration dry run against the real MongoDB-wire server: read and summarised a page at a
 * time, it answers what summarising every open instance at once answered.
 */
import {
  inRollout,
  migrateInstance,
  newInstance,
  step,
  summarisePlans,
  type InstanceState,
  type JourneyGraph,
  type MigrationOutcome,
  type PublishedVersion,
} from '@kalcifer/journey';
import { connectMongo } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { JourneyCatalog } from '../src/application/journey-catalog';
import { PlanMigration, type PlanRequest } from '../src/application/plan-migration';
import { StepFacts } from '../src/application/step-facts';
import { MongoCustomerStore } from '../src/infrastructure/mongo-customer-store';
import { MongoInstanceStore } from '../src/infrastructure/mongo-instance-store';
import { MongoJourneyStore } from '../src/infrastructure/mongo-journey-store';
import { infra } from '../../../test/support/infra';

const WS = 'ws_plan';
const J = 'j_plan';
const T0 = Date.UTC(2026, 0, 5, 9);

type Node = JourneyGraph['nodes'][number];
const chain = (nodes: Node[]): JourneyGraph => ({
  nodes,
  edges: nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id, output: 'next' })),
});
const entry = { id: 'entry', type: 'manual_entry', config: {} } as Node;
const wait = (id: string, duration: string) => ({ id, type: 'wait', config: { duration } }) as Node;
const email = { id: 'thanks', type: 'send_email', config: { subject: 'Thanks' } } as Node;
/** v1 waits at `pause`, v2 at `hold2` (a node v3 no longer has), v3 is the target. */
const GRAPHS: Record<number, JourneyGraph> = {
  1: chain([entry, wait('pause', 'P1D'), email]),
  2: chain([entry, wait('hold2', 'P1D'), email]),
  3: chain([entry, wait('pause', 'P3D'), email]),
};

let conn: Connection;
let instances: MongoInstanceStore;
let customers: MongoCustomerStore;
let catalog: JourneyCatalog;
const facts = new StepFacts('UTC', undefined, undefined);

/** An instance as an enrollment leaves it: entered on `version` and waiting at its wait node. */
function entered(i: number, version: number, journeyId = J): InstanceState {
  const published: PublishedVersion = { journeyId, version, graph: GRAPHS[version] };
  const fresh = newInstance({
    id: `in_${journeyId}_${String(i).padStart(3, '0')}`,
    workspaceId: WS,
    journeyId,
    version,
    customerId: `cust-${i}`,
    now: T0,
  });
  const signal = { kind: 'enter' as const, id: `enter:${i}`, entryNodeId: 'entry', context: {} };
  const facts0 = { customer: {}, journeyPaused: false, workspaceTimezone: 'UTC', runCode: undefined };
  return step(published, fresh, signal, T0, facts0).instance;
}

beforeAll(async () => {
  conn = await connectMongo(infra.mongoUrl, 'int_plan_migration');
  await conn.dropDatabase();
  instances = new MongoInstanceStore(conn);
  customers = new MongoCustomerStore(conn);
  const journeys = new MongoJourneyStore(conn);
  await Promise.all([instances.init(), journeys.init()]);
  catalog = new JourneyCatalog(journeys, 1_000);
  for (const version of [1, 2, 3])
    await journeys.insertVersion({
      workspaceId: WS,
      journeyId: J,
      version,
      graph: GRAPHS[version],
      strategy: 'migrate_all',
      note: '',
      author: 'test',
      createdAt: new Date(T0),
    });
  // 60 open (40 on v1, 14 on v2, 6 already on v3), 5 completed, 5 in another journey; inserted
  // out of id order, so a page by `_id` is not the insertion order.
  const states: InstanceState[] = [];
  for (let i = 0; i < 70; i++) {
    const k = (i * 37) % 70;
    if (k < 40) states.push(entered(k, 1));
    else if (k < 54) states.push(entered(k, 2));
    else if (k < 60) states.push(entered(k, 3));
    else if (k < 65) states.push({ ...entered(k, 1), status: 'completed', tokens: [] });
    else states.push(entered(k, 1, 'j_other'));
  }
  for (const s of states) expect(await instances.insert(s, [], [])).toBe(true);
  for (let i = 0; i < 70; i += 3) await customers.upsert(WS, `cust-${i}`, { plan: i % 2 ? 'pro' : 'free' });
});

afterAll(async () => {
  await conn.close();
});

const request = (): PlanRequest => ({
  workspaceId: WS,
  journeyId: J,
  to: { journeyId: J, version: 3, graph: GRAPHS[3] },
  edits: {},
  removedNodePolicy: 'exit',
});

const byGroup = (moves: Array<{ from: string; to: string | null; outcome: string; count: number }>) =>
  [...moves].sort((a, b) =>
    JSON.stringify([a.from, a.to, a.outcome]).localeCompare(JSON.stringify([b.from, b.to, b.outcome])),
  );

/** The dry run as it was: every open instance's state and outcome held, then summarised once. */
async function summaryAllAtOnce(planner: PlanMigration, percent: number) {
  const plan = await planner.mappingPlan(request());
  const outcomes: Array<{ before: InstanceState; outcome: MigrationOutcome }> = [];
  const now = Date.now();
  let selected = 0;
  for await (const page of instances.openInJourney(WS, J, 1_000))
    for (const { state } of page) {
      if (state.version >= 3) continue;
      if (!inRollout(state.id, percent)) {
        outcomes.push({
          before: state,
          outcome: { kind: 'unchanged', reason: `not in the first ${percent}%` },
        });
        continue;
      }
      selected++;
      const from = (await catalog.version(WS, J, state.version)) as PublishedVersion;
      const customer = await customers.get(WS, state.customerId);
      const f = await facts.build(
        [from, request().to],
        WS,
        state.customerId,
        customer?.attributes ?? {},
        false,
        now,
      );
      const spec = {
        toVersion: request().to,
        mapping: plan.mapping[String(state.version)] ?? {},
        migrationId: 'm1',
      };
      outcomes.push({ before: state, outcome: migrateInstance(from, state, spec, now, f) });
    }
  return { ...summarisePlans(outcomes), problems: plan.problems, perVersion: plan.perVersion, selected };
}

it.each([100, 50])(
  'summarises a dry run of %i%% page by page to what summarising every instance at once gave',
  async (percent) => {
    // Pages of 2: the store reads this journey by `_id` pages (60 open against 70 documents).
    const planner = new PlanMigration(instances, customers, catalog, facts, 2);
    const plan = await planner.mappingPlan(request());
    expect(plan.perVersion).toEqual({ '1': 40, '2': 14, '3': 6 });
    const summary = await planner.dryRun(request(), plan, percent, 'm1');
    // Groups come in the order their first instance was read: by `_id` now, in storage order
    // before (never a defined order); the groups and their counts are the same.
    const before = await summaryAllAtOnce(planner, percent);
    expect({ ...summary, moves: byGroup(summary.moves) }).toEqual({
      ...before,
      moves: byGroup(before.moves),
    });
    expect(summary.total).toBe(54);
    if (percent === 100)
      expect(byGroup(summary.moves)).toEqual([
        { from: 'hold2', to: null, outcome: 'exited', count: 14 },
        { from: 'pause', to: 'pause', outcome: 'migrated', count: 40 },
      ]);
    else expect(summary.moves.some((m) => m.outcome === 'unchanged')).toBe(true);
  },
);
