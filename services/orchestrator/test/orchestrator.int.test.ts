/**
 * The orchestrator in-process against the real NATS JetStream and FerretDB: entries, idempotency,
 * concurrent signals (compare-and-set) and outbox recovery after a crash between write and publish.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import {
  STREAMS,
  grpc,
  subjects,
  type CustomerEventBatchMessage,
  type EnrollBatchMessage,
  type EnrollMessage,
  type ProfileUpdateBatchMessage,
  type SendIntentMessage,
  profileUpdateSubject,
} from '@kalcifer/contracts';
import { newInstance } from '@kalcifer/journey';
import {
  connectMongo,
  createGrpcClient,
  createLogger,
  publishJson,
  type PromiseClient,
} from '@kalcifer/platform';
import { MongoInstanceStore } from '../src/infrastructure/mongo-instance-store';
import { startOrchestrator, type RunningOrchestrator } from '../src/app';
import { readConfig } from '../src/config';
import { eventually, infra, resetAll } from '../../../test/support/infra';

jest.setTimeout(60_000);

const DB = 'int_orchestrator';
const WS = 'ws_int_orch';
let orchestrator: RunningOrchestrator;
let client: PromiseClient<typeof grpc.OrchestratorService>;
let nc: NatsConnection;
let js: JetStreamClient;

const config = () =>
  readConfig({
    NATS_URL: infra.natsUrl,
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: DB,
    REDIS_URL: infra.redisUrl,
    GRPC_ADDRESS: '127.0.0.1:0',
    LOG_LEVEL: 'warn',
    OUTBOX_RECOVERY_AGE_MS: '200',
    OUTBOX_SWEEP_EVERY_MS: '200',
  });

async function boot() {
  orchestrator = await startOrchestrator(config(), createLogger('orchestrator-test', 'warn'));
  client = createGrpcClient(grpc.OrchestratorService, `127.0.0.1:${orchestrator.grpcPort}`);
}

/** Every message body currently in a stream under `filter` (read with an ephemeral consumer). */
async function streamBodies<T>(stream: string, filter: string): Promise<T[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.add(stream, {
    ack_policy: AckPolicy.None,
    filter_subject: filter,
    inactive_threshold: 5e9,
  });
  const consumer = await js.consumers.get(stream, info.name);
  const out: T[] = [];
  const pending = info.num_pending;
  if (pending === 0) return out;
  const iter = await consumer.fetch({ max_messages: pending, expires: 2000 });
  for await (const m of iter) out.push(m.json<T>());
  return out;
}

const journeyGraph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'hello', type: 'send_email', config: { subject: 'Hello' } },
    { id: 'wait_open', type: 'wait_for_event', config: { event: 'opened', timeout: 'PT1H' } },
    { id: 'thanks', type: 'send_email', config: { subject: 'Thanks' } },
    { id: 'gave_up', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'hello', output: 'next' },
    { from: 'hello', to: 'wait_open', output: 'next' },
    { from: 'wait_open', to: 'thanks', output: 'event' },
    { from: 'wait_open', to: 'gave_up', output: 'timeout' },
  ],
};

async function activeJourney(): Promise<string> {
  const j = await client.createJourney({
    workspaceId: WS,
    name: 'int',
    description: '',
    graph: journeyGraph,
    actor: 't',
  });
  await client.publishVersion({
    workspaceId: WS,
    journeyId: j.id,
    strategy: '',
    note: '',
    actor: 't',
    dryRun: false,
    mapping: undefined,
    removedNodePolicy: '',
    rollout: undefined,
  });
  await client.setJourneyStatus({ workspaceId: WS, journeyId: j.id, action: 'activate', actor: 't' });
  return j.id;
}

async function enroll(journeyId: string, customerId: string, enrollmentId: string, msgId = enrollmentId) {
  const body: EnrollMessage = {
    workspaceId: WS,
    journeyId,
    customerId,
    enrollmentId,
    context: {},
    attributes: { email: `${customerId}@int.test` },
    acceptedAt: Date.now(),
  };
  await publishJson(js, { subject: subjects.enroll(WS), msgId, body });
}

beforeAll(async () => {
  await resetAll(DB);
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  await boot();
}, 60_000);

afterAll(async () => {
  client.close();
  await orchestrator.close();
  await nc.close();
});

it('starts an instance for an enrollment, once, however often the enrollment is delivered', async () => {
  const journeyId = await activeJourney();
  await enroll(journeyId, 'ada', 'enr-1', 'm1');
  await enroll(journeyId, 'ada', 'enr-1', 'm2'); // same enrollment, new message id: bypasses JetStream dedupe
  const list = await eventually(async () => {
    const res = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId: 'ada',
      status: 'waiting',
      limit: 10,
      cursor: '',
    });
    return res.instances.length > 0 ? res : undefined;
  });
  await new Promise((r) => setTimeout(r, 500));
  const all = await client.listInstances({
    workspaceId: WS,
    journeyId,
    customerId: 'ada',
    status: '',
    limit: 10,
    cursor: '',
  });
  expect(all.instances).toHaveLength(1);
  expect(list.instances[0].version).toBe(1);
  const sends = (await streamBodies<SendIntentMessage>(STREAMS.sends.name, 'kalcifer.*.sends.email')).filter(
    (s) => s.customerId === 'ada',
  );
  expect(sends).toHaveLength(1);
  expect(sends[0].customer.email).toBe('ada@int.test');
});

it('leaves in the open-instance index only the instance that entered: a refused re-entry takes its entry back', async () => {
  // The index entry is made while the entry's reads are in flight; a refusal must remove it.
  const journeyId = await activeJourney();
  await enroll(journeyId, 'erin', 'enr-erin-1');
  const first = await eventually(async () => {
    const res = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId: 'erin',
      status: 'waiting',
      limit: 10,
      cursor: '',
    });
    return res.instances[0];
  });
  // A second enrollment of the same customer into the same journey (once at a time): refused.
  await enroll(journeyId, 'erin', 'enr-erin-2');
  const redis = new Redis(infra.redisUrl);
  try {
    await eventually(async () => {
      const members = await redis.smembers(`kalcifer:open:${WS}:erin`);
      return members.length === 1 && members[0] === first.id ? true : undefined;
    }, 10_000);
    // Once the refusal has been handled (the enrollment consumer has nothing pending) it is still so.
    const jsm = await jetstreamManager(nc);
    await eventually(async () => {
      const info = await jsm.consumers.info(STREAMS.signals.name, 'orchestrator-enroll');
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    }, 10_000);
    expect(await redis.smembers(`kalcifer:open:${WS}:erin`)).toEqual([first.id]);
    const all = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId: 'erin',
      status: '',
      limit: 10,
      cursor: '',
    });
    expect(all.instances.map((i) => i.id)).toEqual([first.id]);
  } finally {
    redis.disconnect();
  }
});

it('enters every customer of a batch message once: repeated enrollment ids and a redelivered batch make no second instance', async () => {
  const journeyId = await activeJourney();
  const batch = (ids: string[], msgId: string) => {
    const body: EnrollBatchMessage = {
      workspaceId: WS,
      journeyId,
      enrollments: ids.map((id) => ({
        customerId: `batch-${id}`,
        enrollmentId: `enr-batch-${id}`,
        context: {},
        attributes: { email: `batch-${id}@int.test` },
      })),
      acceptedAt: Date.now(),
    };
    return publishJson(js, { subject: subjects.enroll(WS), msgId, body });
  };
  const ids = Array.from({ length: 40 }, (_, i) => String(i));
  await batch(ids, 'batch-1');
  // The same enrollments again under other message ids (a client retrying, a regrouped batch),
  // and one enrollment id twice within a batch.
  await batch([...ids.slice(10, 30), '5', '5'], 'batch-2');
  const customers = ids.map((id) => `batch-${id}`);
  const entered = await eventually(async () => {
    const sends = (
      await streamBodies<SendIntentMessage>(STREAMS.sends.name, 'kalcifer.*.sends.email')
    ).filter((s) => customers.includes(s.customerId));
    return sends.length >= 40 ? sends : undefined;
  });
  await new Promise((r) => setTimeout(r, 1_000));
  const sends = (await streamBodies<SendIntentMessage>(STREAMS.sends.name, 'kalcifer.*.sends.email')).filter(
    (s) => customers.includes(s.customerId),
  );
  expect(entered.length).toBeGreaterThanOrEqual(40);
  expect(sends.map((s) => s.customerId).sort()).toEqual([...customers].sort());
  const all = await client.listInstances({
    workspaceId: WS,
    journeyId,
    customerId: '',
    status: '',
    limit: 100,
    cursor: '',
  });
  expect(all.instances.map((i) => i.customerId).sort()).toEqual([...customers].sort());
});

it('applies each profile update of batch messages once per update id, whichever batch brings it', async () => {
  const update = (id: string) => ({
    workspaceId: WS,
    customerId: 'batched-profile',
    updateId: id,
    instanceId: 'in-x',
    nodeId: 'n',
    increment: { score: 1 },
    addTags: [`tag-${id}`],
  });
  const batch = (ids: string[], msgId: string) => {
    const body: ProfileUpdateBatchMessage = { workspaceId: WS, updates: ids.map(update) };
    return publishJson(js, { subject: profileUpdateSubject(WS), msgId, body });
  };
  await batch(['u1', 'u2'], 'profile-batch-1');
  // u2 again, in another grouping (an outbox re-published after a crash), and u3.
  await batch(['u2', 'u3'], 'profile-batch-2');
  const attributes = await eventually(async () => {
    const c = await client.getCustomer({ workspaceId: WS, customerId: 'batched-profile' });
    const attrs = (c.attributes ?? {}) as Record<string, unknown>;
    return Array.isArray(attrs.tags) && attrs.tags.length === 3 ? attrs : undefined;
  });
  await new Promise((r) => setTimeout(r, 500));
  const after = await client.getCustomer({ workspaceId: WS, customerId: 'batched-profile' });
  expect(after.attributes).toEqual(attributes);
  expect(attributes.score).toBe(3);
  expect([...(attributes.tags as string[])].sort()).toEqual(['tag-u1', 'tag-u2', 'tag-u3']);
});

it('moves a waiting customer exactly once when many copies of an event race each other', async () => {
  const journeyId = await activeJourney();
  await enroll(journeyId, 'bob', 'enr-bob');
  const waiting = await eventually(async () => {
    const res = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId: 'bob',
      status: 'waiting',
      limit: 1,
      cursor: '',
    });
    return res.instances[0];
  });
  // 10 different events named `opened`: the first committed wins, the rest find nothing waiting.
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      publishJson(js, {
        subject: subjects.events(WS),
        msgId: `ev-bob-${i}`,
        body: {
          workspaceId: WS,
          customerId: 'bob',
          event: { id: `ev-bob-${i}`, name: 'opened', properties: {}, timestamp: Date.now() },
          receivedAt: Date.now(),
        },
      }),
    ),
  );
  const done = await eventually(async () => {
    const i = await client.getInstance({ workspaceId: WS, instanceId: waiting.id });
    return i.status === 'completed' ? i : undefined;
  });
  expect(done.trace.filter((t) => t.type === 'node_entered' && t.nodeId === 'thanks')).toHaveLength(1);
  const thanks = (await streamBodies<SendIntentMessage>(STREAMS.sends.name, 'kalcifer.*.sends.email')).filter(
    (s) => s.customerId === 'bob' && s.nodeId === 'thanks',
  );
  expect(thanks).toHaveLength(1);
});

async function waitingInstance(journeyId: string, customerId: string) {
  return eventually(async () => {
    const res = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId,
      status: 'waiting',
      limit: 1,
      cursor: '',
    });
    return res.instances[0];
  });
}

async function publishEvent(customerId: string, id: string, name: string) {
  await publishJson(js, {
    subject: subjects.events(WS),
    msgId: id,
    body: {
      workspaceId: WS,
      customerId,
      event: { id, name, properties: {}, timestamp: Date.now() },
      receivedAt: Date.now(),
    },
  });
}

it('moves every waiting customer named in event batch messages once, even when a batch comes again regrouped', async () => {
  const journeyId = await activeJourney();
  const names = Array.from({ length: 12 }, (_, i) => `evb-${i}`);
  for (const n of names) await enroll(journeyId, n, `enr-${n}`);
  await eventually(async () => {
    const res = await client.listInstances({
      workspaceId: WS,
      journeyId,
      customerId: '',
      status: 'waiting',
      limit: 50,
      cursor: '',
    });
    return res.instances.length === names.length ? true : undefined;
  });
  const opened = (n: string) => ({
    workspaceId: WS,
    customerId: n,
    event: { id: `open-${n}`, name: 'opened', properties: {}, timestamp: Date.now() },
    receivedAt: Date.now(),
  });
  const batch = (ns: string[], msgId: string) => {
    const body: CustomerEventBatchMessage = { workspaceId: WS, events: ns.map(opened) };
    return publishJson(js, { subject: subjects.events(WS), msgId, body });
  };
  await batch(names.slice(0, 8), 'evb-1');
  await batch([...names.slice(4, 12), 'nobody-waiting'], 'evb-2');
  const thanked = await eventually(async () => {
    const sends = (
      await streamBodies<SendIntentMessage>(STREAMS.sends.name, 'kalcifer.*.sends.email')
    ).filter((x) => names.includes(x.customerId) && x.nodeId === 'thanks');
    return sends.length >= names.length ? sends : undefined;
  });
  await new Promise((r) => setTimeout(r, 700));
  const again = (await streamBodies<SendIntentMessage>(STREAMS.sends.name, 'kalcifer.*.sends.email')).filter(
    (x) => names.includes(x.customerId) && x.nodeId === 'thanks',
  );
  expect(thanked.length).toBe(names.length);
  expect(again.map((x) => x.customerId).sort()).toEqual([...names].sort());
});

it('still delivers events to waiting customers after Redis lost its data, and rebuilds its index', async () => {
  const journeyId = await activeJourney();
  await enroll(journeyId, 'carol', 'enr-carol');
  await enroll(journeyId, 'dave', 'enr-dave');
  const carol = await waitingInstance(journeyId, 'carol');
  const dave = await waitingInstance(journeyId, 'dave');
  const redis = new Redis(infra.redisUrl);
  try {
    expect(await redis.smembers(`kalcifer:open:${WS}:carol`)).toEqual([carol.id]);
    await redis.flushall();
    await publishEvent('carol', 'ev-carol-1', 'opened');
    await eventually(async () => {
      const i = await client.getInstance({ workspaceId: WS, instanceId: carol.id });
      return i.status === 'completed' ? i : undefined;
    });
    // The index came back from MongoDB: dave is found again without a database query per event.
    await eventually(async () => ((await redis.exists('kalcifer:open:ready')) === 1 ? true : undefined));
    expect(await redis.smembers(`kalcifer:open:${WS}:dave`)).toEqual([dave.id]);
    expect(await redis.smembers(`kalcifer:open:${WS}:carol`)).toEqual([]);
    await publishEvent('dave', 'ev-dave-1', 'opened');
    await eventually(async () => {
      const i = await client.getInstance({ workspaceId: WS, instanceId: dave.id });
      return i.status === 'completed' ? i : undefined;
    });
  } finally {
    redis.disconnect();
  }
});

it('publishes an outbox left behind by a crash between the instance write and the publish', async () => {
  await orchestrator.close();
  client.close();
  // What a crash right after the compare-and-set leaves behind: the new state with its outbox, unpublished.
  const conn = await connectMongo(infra.mongoUrl, DB);
  const store = new MongoInstanceStore(conn);
  const state = {
    ...newInstance({
      id: 'in_crashed',
      workspaceId: WS,
      journeyId: 'jr_x',
      version: 1,
      customerId: 'carol',
      now: Date.now(),
    }),
    status: 'waiting' as const,
  };
  const body = { marker: 'left-behind' };
  expect(
    await store.insert(state, [{ subject: subjects.timerCancel(WS), msgId: 'recover-test-1', body }], []),
  ).toBe(true);
  await boot();
  const found = await eventually(async () => {
    const bodies = await streamBodies<{ marker?: string }>(STREAMS.timers.name, 'kalcifer.*.timers.cancel');
    return bodies.find((b) => b.marker === 'left-behind');
  });
  expect(found).toEqual(body);
  await eventually(async () => ((await store.get(WS, 'in_crashed'))?.outbox.length === 0 ? true : undefined));
  await conn.close();
});
