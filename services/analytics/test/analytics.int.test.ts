/**
 * The analytics service against the real NATS and MongoDB-wire server: journal messages
 * published on KALCIFER_JOURNAL as the orchestrator's outbox does, read back through gRPC.
 */
import { connect } from '@nats-io/transport-node';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { analyticsGrpc, journalSubject, type JournalMessage, type JourneyEvent } from '@kalcifer/contracts';
import { AppError, createGrpcClient, type PromiseClient } from '@kalcifer/platform';
import { dropDatabase, eventually, infra, resetBus } from '../../../test/support/infra';
import { bootstrap, type RunningAnalytics } from '../src/app';
import { JOURNAL_DURABLE } from '../src/transport/journal.consumer';

const DB = 'kalcifer_analytics_int_test';
const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

type Client = PromiseClient<typeof analyticsGrpc.AnalyticsService>;

let nc: NatsConnection;
let js: JetStreamClient;
let service: RunningAnalytics;
let client: Client;
let published = 0;

async function start(): Promise<void> {
  service = await bootstrap({
    NATS_URL: infra.natsUrl,
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: DB,
    ANALYTICS_GRPC_ADDRESS: '127.0.0.1:0',
    HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  client = createGrpcClient(analyticsGrpc.AnalyticsService, `127.0.0.1:${service.grpcPort}`);
}

async function stop(): Promise<void> {
  client.close();
  await service.close();
}

async function publish(msg: JournalMessage, msgId: string): Promise<void> {
  const h = headers();
  h.set('Nats-Msg-Id', msgId);
  await js.publish(journalSubject(msg.workspaceId, msg.journeyId), JSON.stringify(msg), { headers: h });
  published += 1;
}

/** Every published message handled and acked by the analytics consumer. */
async function caughtUp(): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await eventually(async () => {
    const info = await jsm.consumers.info('KALCIFER_JOURNAL', JOURNAL_DURABLE);
    return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= published;
  }, 20_000);
}

const entered = (nodeId: string, at: number, tokenId = 't1'): JourneyEvent => ({
  type: 'node.entered',
  at,
  nodeId,
  tokenId,
});
const exited = (nodeId: string, at: number, output = 'next', tokenId = 't1'): JourneyEvent => ({
  type: 'node.exited',
  at,
  nodeId,
  tokenId,
  data: { output },
});

/**
 * Customer k of n: enters at T0 + k min, passes `entry` and `split`; even customers take
 * variant a (a 10 + k min wait, then a goal), odd ones variant b (exit). Two steps each: the
 * wait's entry and its exit are in different journal messages, as in the orchestrator.
 */
async function publishCustomer(ws: string, k: number): Promise<void> {
  const base = {
    workspaceId: ws,
    journeyId: 'j1',
    version: 1,
    instanceId: `${ws}-i${k}`,
    customerId: `c${k}`,
  };
  const at = T0 + k * MIN;
  if (k % 2 === 0) {
    await publish(
      {
        ...base,
        events: [
          { type: 'journey.entered', at },
          entered('entry', at),
          exited('entry', at),
          entered('split', at),
          exited('split', at, 'variant:a'),
          entered('wait_a', at),
        ],
      },
      `journal:${base.instanceId}:1`,
    );
    const later = at + (10 + k) * MIN;
    await publish(
      {
        ...base,
        events: [
          exited('wait_a', later),
          entered('goal', later),
          { type: 'goal.reached', at: later, nodeId: 'goal', tokenId: 't1' },
          { type: 'journey.exited', at: later, nodeId: 'goal' },
        ],
      },
      `journal:${base.instanceId}:2`,
    );
  } else {
    await publish(
      {
        ...base,
        events: [
          { type: 'journey.entered', at },
          entered('entry', at),
          exited('entry', at),
          entered('split', at),
          exited('split', at, 'variant:b'),
          entered('bye', at),
          { type: 'journey.exited', at, nodeId: 'bye' },
        ],
      },
      `journal:${base.instanceId}:1`,
    );
  }
}

const request = (overrides: Partial<analyticsGrpc.JourneyAnalyticsRequest> = {}) => ({
  workspaceId: 'ws-a',
  journeyId: 'j1',
  fromMs: 0,
  toMs: 0,
  ...overrides,
});

describe('analytics service', () => {
  beforeAll(async () => {
    await resetBus();
    await dropDatabase(DB);
    nc = await connect({ servers: infra.natsUrl });
    await start();
    js = jetstream(nc);
    // 10 customers in ws-a (5 per variant), 3 in ws-b that must never show in ws-a's figures.
    for (let k = 0; k < 10; k++) await publishCustomer('ws-a', k);
    for (let k = 0; k < 3; k++) await publishCustomer('ws-b', k);
    await caughtUp();
  }, 60_000);

  afterAll(async () => {
    await stop();
    await nc.close();
  });

  it('counts a journey: entered, exited, converted and the conversion rate', async () => {
    expect(await client.getJourneyAnalytics(request())).toEqual({
      entered: 10,
      completed: 0,
      exited: 10,
      failed: 0,
      converted: 5,
      conversionRate: 0.5,
    });
  });

  it('counts only the events inside the time range', async () => {
    // Customers 0..4 entered in [T0, T0 + 5 min); the goals of 0, 2, 4 came 10 + k min later.
    const early = await client.getJourneyAnalytics(request({ fromMs: T0, toMs: T0 + 5 * MIN }));
    expect(early.entered).toBe(5);
    expect(early.converted).toBe(0);
    const late = await client.getJourneyAnalytics(request({ fromMs: T0 + 10 * MIN }));
    expect(late.entered).toBe(0);
    expect(late.converted).toBe(5);
  });

  it('counts every node per version, with the time spent between a token entry and its exit', async () => {
    const { nodes } = await client.getNodeAnalytics(request());
    const byId = Object.fromEntries(nodes.map((n) => [n.nodeId, n]));
    expect(Object.keys(byId).sort()).toEqual(['bye', 'entry', 'goal', 'split', 'wait_a']);
    expect(byId.entry).toMatchObject({ version: 1, entered: 10, exited: 10, avgMs: 0, p95Ms: 0 });
    expect(byId.split).toMatchObject({ entered: 10, exited: 10 });
    // Customers 0, 2, 4, 6, 8 waited 10, 12, 14, 16, 18 minutes.
    expect(byId.wait_a).toMatchObject({ entered: 5, exited: 5, avgMs: 14 * MIN, p95Ms: 18 * MIN });
    expect(byId.bye).toMatchObject({ entered: 5, exited: 0 });
    expect(byId.goal).toMatchObject({ entered: 5, exited: 0 });
    // The instances ended at the exit node and at the goal with exit; nobody left during the wait.
    expect([byId.bye.ended, byId.goal.ended, byId.wait_a.ended, byId.entry.ended]).toEqual([5, 5, 0, 0]);
  });

  it('counts as ended at a node the visits whose instance exited or failed there (failed apart), not those still there', async () => {
    const base = { workspaceId: 'ws-c', journeyId: 'j1', version: 1, customerId: 'c' };
    const waiting = (k: number): JournalMessage => ({
      ...base,
      instanceId: `ws-c-i${k}`,
      events: [
        { type: 'journey.entered', at: T0 },
        entered('entry', T0),
        exited('entry', T0),
        entered('wait', T0),
      ],
    });
    for (let k = 0; k < 4; k++) await publish(waiting(k), `journal:ws-c-i${k}:1`);
    // i0 exited by a command, i1 failed, during the wait; i2 left the wait by its output; i3 still waits.
    await publish(
      { ...base, instanceId: 'ws-c-i0', events: [{ type: 'journey.exited', at: T0 + MIN }] },
      'journal:ws-c-i0:2',
    );
    await publish(
      { ...base, instanceId: 'ws-c-i1', events: [{ type: 'journey.failed', at: T0 + MIN }] },
      'journal:ws-c-i1:2',
    );
    await publish(
      { ...base, instanceId: 'ws-c-i2', events: [exited('wait', T0 + MIN), entered('next', T0 + MIN)] },
      'journal:ws-c-i2:2',
    );
    await caughtUp();
    const { nodes } = await client.getNodeAnalytics(request({ workspaceId: 'ws-c' }));
    const wait = nodes.find((n) => n.nodeId === 'wait');
    expect(wait).toMatchObject({ entered: 4, exited: 1, ended: 2, failed: 1 });
    expect(nodes.find((n) => n.nodeId === 'entry')).toMatchObject({ ended: 0, failed: 0 });
    // Before the ends, nobody had left.
    const before = await client.getNodeAnalytics(request({ workspaceId: 'ws-c', toMs: T0 + MIN }));
    expect(before.nodes.find((n) => n.nodeId === 'wait')).toMatchObject({ entered: 4, ended: 0, failed: 0 });
  });

  it('pairs an exit inside the range with its entry before the range', async () => {
    // Only the exits of the wait are in [T0 + 20 min, ...): customers 6 and 8 (exits at 22, 26 min).
    const { nodes } = await client.getNodeAnalytics(request({ fromMs: T0 + 20 * MIN }));
    const wait = nodes.find((n) => n.nodeId === 'wait_a');
    expect(wait).toMatchObject({ entered: 0, exited: 2, avgMs: 17 * MIN });
  });

  it('counts a funnel along a path, in order', async () => {
    const { steps } = await client.getFunnel({ ...request(), path: ['entry', 'split', 'wait_a', 'goal'] });
    expect(steps.map((s) => [s.nodeId, s.reached])).toEqual([
      ['entry', 10],
      ['split', 10],
      ['wait_a', 5],
      ['goal', 5],
    ]);
    expect(steps[3].rate).toBe(0.5);
  });

  it('refuses a range that ends before it starts and a path of one node, saying what to fix', async () => {
    await expect(client.getJourneyAnalytics(request({ fromMs: T0 + 1, toMs: T0 }))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'invalid_range',
    });
    const err = await client.getFunnel({ ...request(), path: ['entry'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid_path', message: expect.stringContaining('2 to 20') });
  });

  it('stores each event once when the whole journal is delivered again, and after a restart', async () => {
    const before = await client.getNodeAnalytics(request());
    await stop();
    // Forget the consumer: the next start reads the stream from its first message again.
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.delete('KALCIFER_JOURNAL', JOURNAL_DURABLE);
    await start();
    await caughtUp();
    expect(await client.getNodeAnalytics(request())).toEqual(before);
    expect((await client.getJourneyAnalytics(request())).entered).toBe(10);
    const metrics = await (await fetch(`http://127.0.0.1:${service.healthPort}/metrics`)).text();
    // Every event again: ws-a 5 x 10 + 5 x 7, ws-b 2 x 10 + 1 x 7, ws-c 4 x 4 + 1 + 1 + 2 = 132,
    // none stored twice.
    expect(metrics).toMatch(/kalcifer_analytics_events_duplicate_total\{service="analytics"\} 132\n/);
    expect(metrics).toMatch(/kalcifer_analytics_events_stored_total\{service="analytics"\} 0\n/);
  }, 60_000);

  it('rebuilds every figure from the stream when its database is lost', async () => {
    const figures = async () => ({
      journey: await client.getJourneyAnalytics(request()),
      nodes: await client.getNodeAnalytics(request()),
      range: await client.getNodeAnalytics(request({ fromMs: T0 + 3 * MIN, toMs: T0 + 20 * MIN })),
      funnel: await client.getFunnel({ ...request(), path: ['entry', 'split', 'wait_a', 'goal'] }),
      otherWorkspace: await client.getJourneyAnalytics(request({ workspaceId: 'ws-b' })),
    });
    const before = await figures();
    expect(before.journey.entered).toBe(10);
    await stop();
    // Events, per-node counters, ended visits, open batches: all gone, and the consumer with them.
    await dropDatabase(DB);
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.delete('KALCIFER_JOURNAL', JOURNAL_DURABLE);
    await start();
    await caughtUp();
    expect(await figures()).toEqual(before);
    const metrics = await (await fetch(`http://127.0.0.1:${service.healthPort}/metrics`)).text();
    // All 132 events stored anew, each once.
    expect(metrics).toMatch(/kalcifer_analytics_events_stored_total\{service="analytics"\} 132\n/);
    expect(metrics).toMatch(/kalcifer_analytics_events_duplicate_total\{service="analytics"\} 0\n/);
  }, 60_000);
});
