/**
 * Live versioning, in-process orchestrator against the real NATS JetStream, the MongoDB-wire server (DocumentDB) and Redis:
 * publish with migrate_all / gradual, dry run = real outcome, invalid mappings rejected before
 * anything is stored, held instances released, and a crash in the middle of a migration resumed
 * without migrating any instance twice or sending anything again.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { STREAMS, grpc, subjects, type EnrollMessage, type SendIntentMessage } from '@kalcifer/contracts';
import { inRollout } from '@kalcifer/journey';
import {
  AppError,
  connectMongo,
  createGrpcClient,
  createLogger,
  publishJson,
  type PromiseClient,
} from '@kalcifer/platform';
import { startOrchestrator, type RunningOrchestrator } from '../src/app';
import { readConfig } from '../src/config';
import { MongoJourneyStore } from '../src/infrastructure/mongo-journey-store';
import { eventually, infra, resetAll } from '../../../test/support/infra';

jest.setTimeout(120_000);

const DB = 'int_versioning';
const WS = 'ws_int_versioning';
const HOUR = 3_600_000;
let orchestrator: RunningOrchestrator;
let client: PromiseClient<typeof grpc.OrchestratorService>;
let nc: NatsConnection;
let js: JetStreamClient;

async function boot(concurrency = '32', more: Record<string, string> = {}) {
  orchestrator = await startOrchestrator(
    readConfig({
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: DB,
      REDIS_URL: infra.redisUrl,
      GRPC_ADDRESS: '127.0.0.1:0',
      LOG_LEVEL: 'error',
      SIGNAL_CONCURRENCY: concurrency,
      MIGRATION_TICK_MS: '200',
      ...more,
    }),
    createLogger('versioning-test', 'error'),
  );
  client = createGrpcClient(grpc.OrchestratorService, `127.0.0.1:${orchestrator.grpcPort}`);
}

async function shutdown() {
  client.close();
  await orchestrator.close();
}

type Node = { id: string; type: string; config: Record<string, unknown> };
const chain = (nodes: Node[]) => ({
  nodes,
  edges: nodes.slice(1).map((n, i) => ({ from: nodes[i]?.id ?? '', to: n.id, output: 'next' })),
});
const entry: Node = { id: 'entry', type: 'manual_entry', config: {} };
const hello: Node = { id: 'hello', type: 'send_email', config: { subject: 'Hello' } };
const thanks: Node = { id: 'thanks', type: 'send_email', config: { subject: 'Thanks' } };
const pause = (duration: string): Node => ({ id: 'pause', type: 'wait', config: { duration } });
/** v1: entry -> hello -> pause (1 hour) -> thanks */
const V1 = chain([entry, hello, pause('PT1H'), thanks]);
/** v2: the wait takes 2 hours and a new email comes after it. */
const V2 = chain([
  entry,
  hello,
  pause('PT2H'),
  { id: 'extra', type: 'send_email', config: { subject: 'New' } },
  thanks,
]);

const publishReq = (journeyId: string, over: Partial<grpc.PublishVersionRequest> = {}) => ({
  workspaceId: WS,
  journeyId,
  strategy: 'new_entries_only',
  note: '',
  actor: 'tester',
  dryRun: false,
  mapping: undefined,
  removedNodePolicy: '',
  rollout: undefined,
  ...over,
});

/** An active journey on V1 with `n` customers waiting at `pause`; returns its id. */
async function journeyWithWaitingCustomers(name: string, n: number): Promise<string> {
  const j = await client.createJourney({ workspaceId: WS, name, description: '', graph: V1, actor: 't' });
  await client.publishVersion(publishReq(j.id));
  await client.setJourneyStatus({ workspaceId: WS, journeyId: j.id, action: 'activate', actor: 't' });
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const body: EnrollMessage = {
        workspaceId: WS,
        journeyId: j.id,
        customerId: `${name}-c${i}`,
        enrollmentId: `${name}-e${i}`,
        context: {},
        attributes: { email: `${name}-c${i}@int.test` },
        acceptedAt: Date.now(),
      };
      return publishJson(js, { subject: subjects.enroll(WS), msgId: body.enrollmentId, body });
    }),
  );
  await eventually(
    async () => (await openPerVersion(j.id))['1'] === n && (await allWaiting(j.id, n)),
    60_000,
    250,
  );
  return j.id;
}

async function allInstances(journeyId: string): Promise<grpc.Instance[]> {
  const out: grpc.Instance[] = [];
  let cursor = '';
  for (;;) {
    const page = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId: '',
      status: '',
      limit: 500,
      cursor,
    });
    out.push(...page.instances);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

async function allWaiting(journeyId: string, n: number) {
  const all = await allInstances(journeyId);
  return all.length === n && all.every((i) => i.status === 'waiting');
}

async function openPerVersion(journeyId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const i of await allInstances(journeyId))
    if (['active', 'waiting', 'paused', 'held'].includes(i.status))
      counts[String(i.version)] = (counts[String(i.version)] ?? 0) + 1;
  return counts;
}

async function migrationDone(journeyId: string, migrationId: string, status = 'completed') {
  return eventually(
    async () => {
      const m = await client.getMigration({ workspaceId: WS, journeyId, migrationId });
      return m.status === status && (m.counts?.enqueued as number) === 0 ? m : undefined;
    },
    90_000,
    250,
  );
}

/** Every send intent in the stream (read with an ephemeral consumer). */
async function sends(): Promise<SendIntentMessage[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.add(STREAMS.sends.name, {
    ack_policy: AckPolicy.None,
    filter_subject: 'kalcifer.*.sends.>',
    inactive_threshold: 5e9,
  });
  const consumer = await js.consumers.get(STREAMS.sends.name, info.name);
  const out: SendIntentMessage[] = [];
  let pending = info.num_pending;
  while (pending > 0) {
    const iter = await consumer.fetch({ max_messages: Math.min(pending, 1000), expires: 2000 });
    let got = 0;
    for await (const m of iter) {
      out.push(m.json<SendIntentMessage>());
      got++;
    }
    if (got === 0) break;
    pending -= got;
  }
  return out;
}

function tokensOf(i: grpc.Instance) {
  return (i.state?.tokens ?? []) as Array<{
    nodeId: string;
    state: string;
    wait?: { kind: string; startedAt: number; dueAt: number };
  }>;
}

async function tracesOf(instances: grpc.Instance[]) {
  return Promise.all(instances.map((i) => client.getInstance({ workspaceId: WS, instanceId: i.id })));
}

beforeAll(async () => {
  await resetAll(DB);
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  await boot();
}, 60_000);

afterAll(async () => {
  await shutdown();
  await nc.close();
});

it('migrates every waiting customer to v2: the wait keeps its start and takes the new duration, nothing is re-sent, and the dry run predicted it', async () => {
  const N = 40;
  const journeyId = await journeyWithWaitingCustomers('all', N);
  await client.updateDraft({ workspaceId: WS, journeyId, graph: V2, name: '', description: '', actor: 't' });

  const dry = await client.publishVersion(publishReq(journeyId, { strategy: 'migrate_all', dryRun: true }));
  expect(dry.dryRun).toBe(true);
  expect(dry.plan).toMatchObject({ total: N, selected: N, problems: [], perVersion: { '1': N } });
  expect(dry.plan?.moves).toEqual([{ from: 'pause', to: 'pause', outcome: 'migrated', count: N }]);
  expect((await client.getJourney({ workspaceId: WS, journeyId })).latestVersion).toBe(1);

  const out = await client.publishVersion(
    publishReq(journeyId, { strategy: 'migrate_all', note: 'longer wait, new email' }),
  );
  expect(out.version?.version).toBe(2);
  const migration = await migrationDone(journeyId, out.migration?.id ?? '');
  expect(migration.counts).toMatchObject({
    total: N,
    migrated: N,
    held: 0,
    failed: 0,
    exited: 0,
    enqueued: 0,
  });
  expect(migration.instancesPerVersion).toEqual({ '2': N });

  const instances = await tracesOf(await allInstances(journeyId));
  for (const i of instances) {
    expect(i.version).toBe(2);
    const [token] = tokensOf(i);
    expect(token?.nodeId).toBe('pause');
    expect((token?.wait?.dueAt ?? 0) - (token?.wait?.startedAt ?? 0)).toBe(2 * HOUR);
    expect(i.trace.filter((t) => t.type === 'migrated')).toHaveLength(1);
  }
  const mine = (await sends()).filter((s) => s.customerId.startsWith('all-'));
  expect(mine.filter((s) => s.nodeId === 'hello')).toHaveLength(N);
  expect(mine.filter((s) => s.nodeId !== 'hello')).toHaveLength(0);

  const audit = await client.listAudit({ workspaceId: WS, journeyId, limit: 10 });
  expect(audit.entries[0]).toMatchObject({
    action: 'publish',
    actor: 'tester',
    note: 'longer wait, new email',
  });
  expect(audit.entries[0]?.details).toMatchObject({
    version: 2,
    strategy: 'migrate_all',
    migrationId: migration.id,
  });
});

it('refuses a type change under waiting customers with invalid_mapping and stores nothing', async () => {
  const journeyId = await journeyWithWaitingCustomers('typed', 5);
  const changed = {
    nodes: [
      entry,
      hello,
      { id: 'pause', type: 'wait_for_event', config: { event: 'opened', timeout: 'PT1H' } },
      thanks,
      { id: 'bye', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'entry', to: 'hello', output: 'next' },
      { from: 'hello', to: 'pause', output: 'next' },
      { from: 'pause', to: 'thanks', output: 'event' },
      { from: 'pause', to: 'bye', output: 'timeout' },
    ],
  };
  await client.updateDraft({
    workspaceId: WS,
    journeyId,
    graph: changed,
    name: '',
    description: '',
    actor: 't',
  });
  const err = await client
    .publishVersion(publishReq(journeyId, { strategy: 'migrate_all' }))
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('invalid_mapping');
  const problems = ((err as AppError).details as { problems: Array<{ code: string; nodeId: string }> })
    .problems;
  expect(problems).toContainEqual(expect.objectContaining({ code: 'type_mismatch', nodeId: 'pause' }));
  expect((await client.getJourney({ workspaceId: WS, journeyId })).latestVersion).toBe(1);
  expect((await client.listMigrations({ workspaceId: WS, journeyId })).migrations).toHaveLength(0);
});

it('rolls out gradually: 10% first (the same instances the hash picks), then 100% on a raise', async () => {
  const N = 100;
  const journeyId = await journeyWithWaitingCustomers('gradual', N);
  const ids = (await allInstances(journeyId)).map((i) => i.id);
  const first = ids.filter((id) => inRollout(id, 10)).length;
  await client.updateDraft({ workspaceId: WS, journeyId, graph: V2, name: '', description: '', actor: 't' });
  const out = await client.publishVersion(
    publishReq(journeyId, { strategy: 'gradual', rollout: { percent: 10 } }),
  );
  const mid = out.migration?.id ?? '';
  // Running (not completed: 90% are still to come), every instance of the first 10% done.
  const at10 = await eventually(async () => {
    const m = await client.getMigration({ workspaceId: WS, journeyId, migrationId: mid });
    return m.counts?.migrated === first ? m : undefined;
  });
  expect(at10.status).toBe('running');
  expect(at10.counts).toMatchObject({ total: first, enqueued: 0, failed: 0 });
  expect(await openPerVersion(journeyId)).toEqual({ '1': N - first, '2': first });

  const raised = await client.setRollout({
    workspaceId: WS,
    journeyId,
    migrationId: mid,
    percent: 100,
    actor: 'ops',
    note: 'looks good',
  });
  expect(raised.percent).toBe(100);
  const done = await migrationDone(journeyId, mid);
  expect(done.counts).toMatchObject({ total: N, migrated: N, failed: 0 });
  expect(await openPerVersion(journeyId)).toEqual({ '2': N });
  const migrated = (await tracesOf(await allInstances(journeyId))).map(
    (i) => i.trace.filter((t) => t.type === 'migrated').length,
  );
  expect(migrated.every((n) => n === 1)).toBe(true);
  const actions = (await client.listAudit({ workspaceId: WS, journeyId, limit: 10 })).entries.map(
    (e) => e.action,
  );
  expect(actions).toEqual(['rollout_raised', 'publish', 'publish']);
});

it('raises a gradual rollout on its schedule', async () => {
  const N = 20;
  const journeyId = await journeyWithWaitingCustomers('scheduled', N);
  await client.updateDraft({ workspaceId: WS, journeyId, graph: V2, name: '', description: '', actor: 't' });
  const at = new Date(Date.now() + 1_500).toISOString();
  const out = await client.publishVersion(
    publishReq(journeyId, { strategy: 'gradual', rollout: { percent: 5, schedule: [{ percent: 100, at }] } }),
  );
  const done = await migrationDone(journeyId, out.migration?.id ?? '');
  expect(done.percent).toBe(100);
  expect(await openPerVersion(journeyId)).toEqual({ '2': N });
  const raise = (await client.listAudit({ workspaceId: WS, journeyId, limit: 10 })).entries.find(
    (e) => e.action === 'rollout_raised',
  );
  expect(raise?.actor).toBe('schedule');
});

it('holds customers whose node was removed, lists them, and releases one to a node and one out', async () => {
  const journeyId = await journeyWithWaitingCustomers('held', 3);
  await client.updateDraft({
    workspaceId: WS,
    journeyId,
    graph: chain([entry, hello, thanks]),
    name: '',
    description: '',
    actor: 't',
  });
  const out = await client.publishVersion(
    publishReq(journeyId, { strategy: 'migrate_all', removedNodePolicy: 'hold' }),
  );
  const done = await migrationDone(journeyId, out.migration?.id ?? '');
  expect(done.counts).toMatchObject({ total: 3, held: 3 });
  const held = await client.listInstances({
    workspaceId: WS,
    journeyId,
    customerId: '',
    status: 'held',
    limit: 10,
    cursor: '',
  });
  expect(held.instances).toHaveLength(3);
  const [a, b] = held.instances;

  const toThanks = await client.releaseInstance({
    workspaceId: WS,
    instanceId: a?.id ?? '',
    nodeId: 'thanks',
    exit: false,
    reason: '',
    actor: 'ops',
  });
  expect(toThanks.status).toBe('completed');
  await eventually(async () => (await sends()).some((s) => s.instanceId === a?.id && s.nodeId === 'thanks'));

  const exited = await client.releaseInstance({
    workspaceId: WS,
    instanceId: b?.id ?? '',
    nodeId: '',
    exit: true,
    reason: 'reviewed',
    actor: 'ops',
  });
  expect(exited.status).toBe('exited');
  const again = await client
    .releaseInstance({
      workspaceId: WS,
      instanceId: b?.id ?? '',
      nodeId: '',
      exit: true,
      reason: '',
      actor: 'ops',
    })
    .catch((e: unknown) => e);
  expect((again as AppError).code).toBe('instance_not_held');
  const actions = (await client.listAudit({ workspaceId: WS, journeyId, limit: 10 })).entries.map(
    (e) => e.action,
  );
  expect(actions.filter((x) => x === 'instance_released')).toHaveLength(2);
});

it('diffs two versions and rolls back to v1 with a migration', async () => {
  const journeyId = await journeyWithWaitingCustomers('rollback', 4);
  await client.updateDraft({ workspaceId: WS, journeyId, graph: V2, name: '', description: '', actor: 't' });
  const v2 = await client.publishVersion(publishReq(journeyId, { strategy: 'migrate_all' }));
  await migrationDone(journeyId, v2.migration?.id ?? '');
  const diff = await client.diffVersions({
    workspaceId: WS,
    journeyId,
    from: 1,
    to: 2,
    fromDraft: false,
    toDraft: false,
  });
  expect(diff.diff).toMatchObject({ addedNodes: ['extra'], removedNodes: [] });
  expect((diff.diff?.changedNodes as Array<{ id: string; changedFields: string[] }>)[0]).toMatchObject({
    id: 'pause',
    changedFields: ['duration'],
  });

  const back = await client.rollback({ ...publishReq(journeyId, { strategy: 'migrate_all' }), version: 1 });
  expect(back.version).toMatchObject({ version: 3, note: 'rollback to version 1' });
  expect(back.version?.graph).toEqual(V1);
  await migrationDone(journeyId, back.migration?.id ?? '');
  for (const i of await allInstances(journeyId)) {
    expect(i.version).toBe(3);
    const [token] = tokensOf(i);
    expect((token?.wait?.dueAt ?? 0) - (token?.wait?.startedAt ?? 0)).toBe(HOUR);
  }
  expect(
    (await client.listAudit({ workspaceId: WS, journeyId, limit: 1 })).entries[0]?.details,
  ).toMatchObject({
    rollbackTo: 1,
    version: 3,
  });
});

it('resumes a migration after a crash: every instance migrated exactly once, nothing sent twice', async () => {
  const N = 200;
  const journeyId = await journeyWithWaitingCustomers('crash', N);
  await client.updateDraft({ workspaceId: WS, journeyId, graph: V2, name: '', description: '', actor: 't' });
  // Restart slow (one migrate command, 32 instances, at a time) so that the crash lands in the
  // middle of the migration.
  await shutdown();
  await boot('2', { MIGRATION_CONCURRENCY: '2' });
  const out = await client.publishVersion(publishReq(journeyId, { strategy: 'migrate_all' }));
  const mid = out.migration?.id ?? '';
  const before = await eventually(async () => {
    const m = await client.getMigration({ workspaceId: WS, journeyId, migrationId: mid });
    return (m.counts?.migrated as number) >= 10 ? m : undefined;
  });
  await shutdown(); // the crash: consumers stop mid-way, the fan-out may be cut short
  expect(before.counts?.migrated as number).toBeLessThan(N);

  await boot();
  const done = await migrationDone(journeyId, mid);
  expect(done.counts).toMatchObject({ total: N, migrated: N, failed: 0, unchanged: 0 });
  const instances = await tracesOf(await allInstances(journeyId));
  expect(instances.every((i) => i.version === 2)).toBe(true);
  expect(
    instances.map((i) => i.trace.filter((t) => t.type === 'migrated').length).every((n) => n === 1),
  ).toBe(true);
  const mine = (await sends()).filter((s) => s.customerId.startsWith('crash-'));
  expect(mine).toHaveLength(N);
  expect(new Set(mine.map((s) => s.sendKey)).size).toBe(N);
});

it('finishes the fan-out of a raise that a crash cut short, even after a halt, and moves nobody else', async () => {
  const N = 40;
  const journeyId = await journeyWithWaitingCustomers('halted', N);
  await client.updateDraft({ workspaceId: WS, journeyId, graph: V2, name: '', description: '', actor: 't' });
  const out = await client.publishVersion(
    publishReq(journeyId, { strategy: 'gradual', rollout: { percent: 1 } }),
  );
  const mid = out.migration?.id ?? '';
  await eventually(async () => {
    const m = await client.getMigration({ workspaceId: WS, journeyId, migrationId: mid });
    return m.counts?.enqueued === 0 ? m : undefined;
  });
  const first = (await allInstances(journeyId)).filter((i) => inRollout(i.id, 1)).length;
  // What a crash leaves: the raise to 100% stored, its fan-out never done; then an operator halts.
  await shutdown();
  const conn = await connectMongo(infra.mongoUrl, DB);
  await conn
    .collection('migrations')
    .updateOne({ _id: mid as never }, { $set: { percent: 100, status: 'halted', updatedAt: new Date() } });
  await conn.close();
  await boot();

  const done = await eventually(async () => {
    const m = await client.getMigration({ workspaceId: WS, journeyId, migrationId: mid });
    return m.counts?.total === N && m.counts.enqueued === 0 ? m : undefined;
  });
  expect(done.status).toBe('halted');
  expect(done.counts).toMatchObject({ total: N, migrated: N, failed: 0 });
  expect(first).toBeLessThan(N);
  expect(await openPerVersion(journeyId)).toEqual({ '2': N });
});

it('finishes a publish that a crash cut short right after storing the version', async () => {
  const N = 20;
  const journeyId = await journeyWithWaitingCustomers('interrupted', N);
  await shutdown();
  // What the crash leaves: v2 stored with the rest of its publish still to do, nothing else.
  const conn = await connectMongo(infra.mongoUrl, DB);
  const createdAt = new Date(Date.now() - 1_000);
  const stored = await new MongoJourneyStore(conn).insertVersion({
    workspaceId: WS,
    journeyId,
    version: 2,
    graph: V2 as never,
    strategy: 'migrate_all',
    note: 'longer wait',
    author: 'tester',
    createdAt,
    pending: {
      migration: {
        id: 'mig_interrupted',
        workspaceId: WS,
        journeyId,
        fromVersions: [1],
        toVersion: 2,
        strategy: 'migrate_all',
        percent: 100,
        enqueuedPercent: 0,
        schedule: [],
        mapping: { '1': { entry: 'entry', hello: 'hello', pause: 'pause', thanks: 'thanks' } },
        edits: {},
        status: 'running',
        author: 'tester',
        createdAt,
        updatedAt: createdAt,
      },
      audit: {
        workspaceId: WS,
        journeyId,
        at: createdAt,
        actor: 'tester',
        action: 'publish',
        note: 'longer wait',
        details: { version: 2, strategy: 'migrate_all', migrationId: 'mig_interrupted' },
      },
    },
  });
  await conn.close();
  expect(stored).toBe(true);

  await boot('32', { PUBLISH_RESUME_AGE_MS: '0' });
  const done = await migrationDone(journeyId, 'mig_interrupted');
  expect(done.counts).toMatchObject({ total: N, migrated: N, failed: 0 });
  expect(await openPerVersion(journeyId)).toEqual({ '2': N });
  const journey = await client.getJourney({ workspaceId: WS, journeyId });
  expect([journey.latestVersion, journey.activeVersion]).toEqual([2, 2]);
  // Ticks after the first finish nothing again: one audit entry for v2.
  await new Promise((r) => setTimeout(r, 1_000));
  const audit = (await client.listAudit({ workspaceId: WS, journeyId, limit: 10 })).entries;
  expect(audit.map((e) => e.action)).toEqual(['publish', 'publish']);
  // The journey publishes on: v3, no conflict with the v2 the crash left behind.
  const v3 = await client.publishVersion(publishReq(journeyId, { note: 'after the crash' }));
  expect(v3.version?.version).toBe(3);
  await shutdown();
  await boot();
});
