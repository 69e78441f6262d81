/**
 * Live journey versioning through the REST API on the whole stack (issue [3/3]):
 * US-8: customers wait at two places of a live journey; v2 lengthens one wait, inserts an email
 * after it and removes the other wait; "migrate all" moves every customer as the rules say, each
 * trace shows the version transition, and nothing already sent is sent again.
 * US-9: a gradual rollout to 10%, then 100%; instances per version match the stable hash.
 *
 * Ports come from the environment so that a second stack can run beside the default one:
 * E2E_GATEWAY_PORT, E2E_GRPC_PORT, E2E_HEALTH_PORT_BASE.
 */
import { inRollout } from '@kalcifer/journey';
import type { Api } from '../support/api';
import { emailsByRecipient, startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(1_800_000);

const PREFIX = 'e2e_versioning';
const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const stack = new Stack({
  dbPrefix: PREFIX,
  gatewayPort: port('E2E_GATEWAY_PORT'),
  grpcPort: port('E2E_GRPC_PORT'),
  healthPortBase: port('E2E_HEALTH_PORT_BASE'),
});
let api: Api;

const DAY = 86_400_000;
/** Customers spread across the live journey of US-8 (the 5,000); US-9 takes 300 of them. */
const CUSTOMERS = Number(process.env.E2E_VERSIONING_CUSTOMERS ?? 5_000);
/** Waits grow with the customers: this machine enrolls and migrates some hundreds per second. */
const PATIENCE_MS = Math.max(240_000, CUSTOMERS * 150);

interface Migration {
  id: string;
  status: string;
  percent: number;
  counts: Record<string, number>;
  instancesPerVersion: Record<string, number>;
}
interface PublishResult {
  version: { version: number } | null;
  dryRun: boolean;
  plan: {
    total: number;
    moves: { from: string; to: string | null; outcome: string; count: number }[];
  } | null;
  migration: Migration | null;
}
interface InstanceView {
  id: string;
  customerId: string;
  version: number;
  status: string;
  state: { tokens: { nodeId: string; wait?: { startedAt: number; dueAt: number } }[] };
  trace: {
    at: string;
    type: string;
    nodeId: string | null;
    version: number;
    data: Record<string, unknown>;
  }[];
}

const send = (id: string, subject: string) => ({
  id,
  type: 'send_email',
  config: { subject, body: subject },
});
const wait = (id: string, duration: string) => ({ id, type: 'wait', config: { duration } });
const edge = (from: string, to: string, output = 'next') => ({ from, to, output });

/** v1: welcome, then pro customers wait 3 days for an offer, the others 2 days for a nudge. */
const V1 = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    send('welcome', 'Welcome'),
    { id: 'is_pro', type: 'condition', config: { expression: 'customer.plan == "pro"' } },
    wait('pro_wait', 'P3D'),
    send('pro_offer', 'Pro offer'),
    wait('free_wait', 'P2D'),
    send('nudge', 'Nudge'),
  ],
  edges: [
    edge('entry', 'welcome'),
    edge('welcome', 'is_pro'),
    edge('is_pro', 'pro_wait', 'true'),
    edge('pro_wait', 'pro_offer'),
    edge('is_pro', 'free_wait', 'false'),
    edge('free_wait', 'nudge'),
  ],
};
/** v2: the pro wait takes 5 days and a survey comes after it; the free wait is gone. */
const V2 = {
  nodes: [
    ...V1.nodes.filter((n) => n.id !== 'free_wait' && n.id !== 'pro_wait'),
    wait('pro_wait', 'P5D'),
    send('survey', 'Survey'),
  ],
  edges: [
    edge('entry', 'welcome'),
    edge('welcome', 'is_pro'),
    edge('is_pro', 'pro_wait', 'true'),
    edge('pro_wait', 'survey'),
    edge('survey', 'pro_offer'),
    edge('is_pro', 'nudge', 'false'),
  ],
};

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eVersioningKey0000000000001');
}, 180_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

async function enroll(journeyId: string, tag: string, n: number): Promise<void> {
  const enrollments = Array.from({ length: n }, (_, i) => ({
    customerId: `${tag}-${i}`,
    enrollmentId: `${tag}-${i}`,
    attributes: { email: `${tag}-${i}@${tag}.test`, plan: i % 2 === 0 ? 'pro' : 'free' },
  }));
  for (let i = 0; i < n; i += 500)
    await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
      enrollments: enrollments.slice(i, i + 500),
    });
}

async function enrollAll(journeyId: string, tag: string, n: number): Promise<void> {
  await enroll(journeyId, tag, n);
  await eventually(
    async () => {
      const all = await api.allInstances(`journeyId=${journeyId}`);
      return all.length === n && all.every((i) => i.status === 'waiting');
    },
    240_000,
    1_000,
  );
}

async function migrationDone(journeyId: string, migrationId: string, until: (m: Migration) => boolean) {
  return eventually(
    async () => {
      const m = await api.ok<Migration>('GET', `/v1/journeys/${journeyId}/migrations/${migrationId}`);
      return until(m) ? m : undefined;
    },
    PATIENCE_MS,
    1_000,
  );
}

async function instances(journeyId: string): Promise<InstanceView[]> {
  const ids = (await api.allInstances(`journeyId=${journeyId}`)).map((i) => i.id);
  const out: InstanceView[] = [];
  for (let i = 0; i < ids.length; i += 20)
    out.push(
      ...(await Promise.all(
        ids.slice(i, i + 20).map((id) => api.ok<InstanceView>('GET', `/v1/instances/${id}`)),
      )),
    );
  return out;
}

it('US-8: migrate all moves every waiting customer by the rules, traces the transition, re-sends nothing', async () => {
  const journeyId = await api.launchJourney('us8', V1);
  // Each customer's welcome is sent in the step that leaves her waiting, after her instance is
  // written: all welcomes at the SMTP server = everyone waiting (listing 5,000 instances to poll
  // would cost more than the wait).
  await enroll(journeyId, 'us8', CUSTOMERS);
  await eventually(
    async () => ((await emailsByRecipient('us8.test')).size === CUSTOMERS ? true : undefined),
    PATIENCE_MS,
    3_000,
  );
  await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: V2 });

  // Without a policy, the removed wait under the free customers is a mapping problem: nothing stored.
  const refused = await api.call<{
    error: { code: string; details: { problems: { code: string; nodeId: string }[] } };
  }>('POST', `/v1/journeys/${journeyId}/versions`, { strategy: 'migrate_all' });
  expect(refused.status).toBe(400);
  expect(refused.body.error.code).toBe('invalid_mapping');
  expect(refused.body.error.details.problems).toContainEqual(
    expect.objectContaining({ nodeId: 'free_wait' }),
  );

  const body = {
    strategy: 'migrate_all',
    removedNodePolicy: 'skip',
    note: 'longer pro wait, survey, no free wait',
  };
  const dry = await api.ok<PublishResult>('POST', `/v1/journeys/${journeyId}/versions`, {
    ...body,
    dryRun: true,
  });
  expect(dry.plan?.total).toBe(CUSTOMERS);
  expect(dry.migration).toBeNull(); // a dry run starts nothing
  expect(dry.plan?.moves).toEqual(
    expect.arrayContaining([
      { from: 'pro_wait', to: 'pro_wait', outcome: 'migrated', count: CUSTOMERS / 2 },
      expect.objectContaining({
        from: 'free_wait',
        outcome: expect.stringMatching(/migrated|exited/),
        count: CUSTOMERS / 2,
      }),
    ]),
  );

  const started = Date.now();
  const published = await api.ok<PublishResult>('POST', `/v1/journeys/${journeyId}/versions`, body);
  expect(published.version?.version).toBe(2);
  const done = await migrationDone(journeyId, published.migration?.id ?? '', (m) => m.status === 'completed');
  expect(done.counts).toMatchObject({ total: CUSTOMERS, migrated: CUSTOMERS, failed: 0, held: 0 });

  const all = await instances(journeyId);
  const pro = all.filter((i) => Number(i.customerId.split('-')[1]) % 2 === 0);
  const free = all.filter((i) => Number(i.customerId.split('-')[1]) % 2 === 1);
  for (const i of pro) {
    expect(i).toMatchObject({ version: 2, status: 'waiting' });
    const token = i.state.tokens[0];
    expect(token?.nodeId).toBe('pro_wait');
    expect((token?.wait?.dueAt ?? 0) - (token?.wait?.startedAt ?? 0)).toBe(5 * DAY);
  }
  // The free customers skip to the next mapped node (the nudge), run it and finish.
  for (const i of free) expect(i).toMatchObject({ version: 2, status: 'completed' });
  for (const i of all) {
    const migrated = i.trace.filter((t) => t.type === 'migrated');
    expect(migrated).toHaveLength(1);
    expect(Date.parse(migrated[0]?.at ?? '')).toBeGreaterThanOrEqual(started - 1_000);
  }

  // Every customer got the welcome once; the free ones the nudge once; no survey yet (it comes after the wait).
  await eventually(
    async () => {
      const mails = await emailsByRecipient('us8.test');
      return [...mails.values()].filter((s) => s.includes('Nudge')).length === CUSTOMERS / 2
        ? mails
        : undefined;
    },
    PATIENCE_MS,
    3_000,
  );
  const mails = await emailsByRecipient('us8.test');
  expect(mails.size).toBe(CUSTOMERS);
  for (const [to, subjects] of mails) {
    const n = Number(to.split('-')[1]?.split('@')[0]);
    expect(subjects.sort()).toEqual(n % 2 === 0 ? ['Welcome'] : ['Nudge', 'Welcome']);
  }
});

it('US-9: a gradual rollout moves the hashed 10% first, then everyone at 100%', async () => {
  const n = Math.min(CUSTOMERS, 300);
  const journeyId = await api.launchJourney('us9', V1);
  await enrollAll(journeyId, 'us9', n);
  const ids = (await api.allInstances(`journeyId=${journeyId}`)).map((i) => i.id);
  const first = ids.filter((id) => inRollout(id, 10)).length;
  await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: V2 });

  const published = await api.ok<PublishResult>('POST', `/v1/journeys/${journeyId}/versions`, {
    strategy: 'gradual',
    removedNodePolicy: 'hold',
    rollout: { percent: 10 },
  });
  const mid = published.migration?.id ?? '';
  const at10 = await migrationDone(
    journeyId,
    mid,
    (m) => m.counts.total === first && m.counts.enqueued === 0,
  );
  expect(at10).toMatchObject({ status: 'running', percent: 10 });
  expect(at10.instancesPerVersion).toEqual({ '1': n - first, '2': first });
  const heldAt10 = at10.counts.held;
  expect(at10.counts.migrated + heldAt10).toBe(first);

  const raised = await api.ok<Migration>('POST', `/v1/journeys/${journeyId}/migrations/${mid}/rollout`, {
    percent: 100,
  });
  expect(raised.percent).toBe(100);
  const done = await migrationDone(journeyId, mid, (m) => m.status === 'completed');
  expect(done.counts.total).toBe(n);
  expect(done.instancesPerVersion).toEqual({ '2': n }); // waiting pro customers and held free ones
  const held = await api.allInstances(`journeyId=${journeyId}&status=held`);
  expect(held).toHaveLength(done.counts.held);
  expect(held.length).toBe(n / 2); // the free customers, whose wait is gone, wait for review

  // An operator releases one held customer to the nudge.
  const released = await api.ok<InstanceView>('POST', `/v1/instances/${held[0]?.id}/release`, {
    nodeId: 'nudge',
  });
  expect(released.status).toBe('completed');

  const audit = await api.ok<{ entries: { action: string }[] }>('GET', `/v1/journeys/${journeyId}/audit`);
  expect(audit.entries.map((e) => e.action)).toEqual([
    'instance_released',
    'rollout_raised',
    'publish',
    'publish',
  ]);
});
