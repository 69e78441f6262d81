/**
 * Alert rules against the real MongoDB-wire server and NATS: windows counted from stored journey
 * events, the rule's state changed by compare-and-set (two replicas send a change once), the
 * state kept across a restart, and a notice written but not published sent by the next pass.
 */
import { DeliverPolicy } from '@nats-io/jetstream';
import type { Connection } from 'mongoose';
import { STREAMS, alertSubject, type AlertMessage } from '@kalcifer/contracts';
import { connectBus, connectMongo, createLogger, ensureStreams, type Bus } from '@kalcifer/platform';
import { dropDatabase, infra, resetBus } from '../../../test/support/infra';
import { EvaluateAlertRules } from '../src/application/evaluate-alert-rules';
import { ManageAlertRules } from '../src/application/manage-alert-rules';
import type { AlertRuleDefinition } from '../src/domain/alert-rule';
import type { JourneyEventRecord } from '../src/domain/journey-event-record';
import { MongoAlertRuleStore } from '../src/infrastructure/mongo-alert-rule-store';
import { MongoAlertWindowCounter } from '../src/infrastructure/mongo-alert-window-counter';
import { MongoJourneyEventStore } from '../src/infrastructure/mongo-journey-event-store';
import { NatsAlertPublisher } from '../src/infrastructure/nats-alert-publisher';
import type { AlertPublisher } from '../src/ports/alert-publisher';

const DB = 'kalcifer_analytics_alerts_int_test';
const WS = 'ws_alerts';
const MIN = 60_000;
const logger = createLogger('alerts-int', 'silent');

let bus: Bus;
let conn: Connection;
let events: MongoJourneyEventStore;
let rules: MongoAlertRuleStore;
let now = Date.UTC(2026, 0, 1, 12);
let seq = 0;

async function open(): Promise<void> {
  conn = await connectMongo(infra.mongoUrl, DB);
  events = new MongoJourneyEventStore(conn);
  await events.init();
  rules = new MongoAlertRuleStore(conn);
  await rules.init();
}

/** One replica of the evaluator: its own counter and publisher over the shared database and bus. */
function replica(publisher: AlertPublisher = new NatsAlertPublisher(bus.js)): EvaluateAlertRules {
  return new EvaluateAlertRules(rules, new MongoAlertWindowCounter(conn), publisher, logger, () => now);
}

/** `n` sends with this status, `agoMs` before now. */
async function sends(n: number, status: string, over: Partial<JourneyEventRecord> = {}, agoMs = MIN) {
  const records: JourneyEventRecord[] = Array.from({ length: n }, () => {
    seq++;
    return {
      id: `rec:${seq}`,
      workspaceId: WS,
      journeyId: 'jr_a',
      version: 1,
      instanceId: `in_${seq}`,
      customerId: `c${seq}`,
      type: 'message.status',
      at: now - agoMs,
      nodeId: 'text',
      sendKey: `key${seq}`,
      channel: 'sms',
      status,
      ...over,
    };
  });
  await events.insert(records);
}

/** The alerts published on the journal for the workspace, in order. */
async function publishedAlerts(): Promise<AlertMessage[]> {
  const consumer = await bus.js.consumers.get(STREAMS.journal.name, {
    filter_subjects: [alertSubject(WS)],
    deliver_policy: DeliverPolicy.All,
  });
  const out: AlertMessage[] = [];
  const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
  for await (const m of batch) {
    out.push(m.json<AlertMessage>());
    if (m.info.pending === 0) break;
  }
  await consumer.delete().catch(() => false);
  return out;
}

const smsFailures: AlertRuleDefinition = {
  name: 'SMS failing',
  kind: 'failure_rate',
  channel: 'sms',
  thresholdPercent: 50,
  windowMinutes: 10,
  minSamples: 5,
  enabled: true,
};

beforeAll(async () => {
  await resetBus();
  await dropDatabase(DB);
  bus = await connectBus(infra.natsUrl, 'alerts-int', logger);
  await ensureStreams(bus.jsm);
  await open();
}, 60_000);

afterAll(async () => {
  await conn?.close();
  await bus?.nc.close();
});

describe('alert rules on the real database and bus', () => {
  let ruleId: string;

  it('does not fire below the minimum sample, then fires once although two replicas judge it at the same time', async () => {
    ruleId = (await new ManageAlertRules(rules, () => now).create(WS, smsFailures)).id;
    await sends(4, 'failed');
    await sends(3, 'failed', { channel: 'email' }); // another channel: not counted
    await sends(2, 'failed', {}, 11 * MIN); // before the window: not counted
    expect(await replica().execute()).toMatchObject({ evaluated: 1, fired: 0 });
    expect(await rules.get({ workspaceId: WS, id: ruleId })).toMatchObject({ state: 'ok', lastSamples: 4 });

    await sends(2, 'sent');
    now += 1_000;
    const outcomes = await Promise.all([replica().execute(), replica().execute(), replica().execute()]);
    expect(outcomes.reduce((n, o) => n + o.fired, 0)).toBe(1);

    const alerts = await publishedAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ workspaceId: WS, journeyId: '', version: 0, instanceId: '' });
    expect(alerts[0].events[0]).toMatchObject({
      type: 'alert.fired',
      data: {
        ruleId,
        kind: 'failure_rate',
        channel: 'sms',
        value: 66.67,
        threshold: 50,
        samples: 6,
        windowMs: 10 * MIN,
      },
    });
    expect(await rules.get({ workspaceId: WS, id: ruleId })).toMatchObject({
      state: 'firing',
      stateVersion: 1,
    });
  });

  it('lets exactly one of several concurrent compare-and-sets on the same version win', async () => {
    const change = {
      state: 'ok' as const,
      value: 0,
      samples: 0,
      at: now,
      notice: { msgId: 'x', message: (await publishedAlerts())[0] },
    };
    // Each contender writes something different (its own time), so none is a no-op update.
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        rules.changeState({ workspaceId: WS, id: ruleId }, 1, { ...change, at: now + i }),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    // Put the state back as the evaluator left it.
    await conn
      .collection('alert_rules')
      .updateOne(
        { _id: ruleId as never },
        { $set: { state: 'firing', stateVersion: 1 }, $unset: { pendingNotice: '' } },
      );
  });

  it('keeps its state across a restart: still firing, no repeat, and resolves once when failures stop', async () => {
    await conn.close();
    await open();
    expect(await rules.get({ workspaceId: WS, id: ruleId })).toMatchObject({ state: 'firing' });
    await sends(2, 'failed');
    now += 1_000;
    expect(await replica().execute()).toMatchObject({ fired: 0, resolved: 0 });
    expect(await publishedAlerts()).toHaveLength(1);

    await sends(12, 'sent'); // 6 failed of 20
    now += 1_000;
    expect(await replica().execute()).toMatchObject({ resolved: 1 });
    const alerts = await publishedAlerts();
    expect(alerts.map((a) => a.events[0].type)).toEqual(['alert.fired', 'alert.resolved']);
    expect(alerts[1].events[0].data).toMatchObject({ value: 30, samples: 20 });
    expect(await replica().execute()).toMatchObject({ fired: 0, resolved: 0 });
  });

  it('sends a notice whose publish failed on the next pass, once', async () => {
    const rule = await new ManageAlertRules(rules, () => now).create(WS, {
      name: 'node failing',
      kind: 'failure_rate',
      journeyId: 'jr_b',
      nodeId: 'call',
      thresholdPercent: 10,
      windowMinutes: 5,
      minSamples: 3,
      enabled: true,
    });
    await sends(2, 'failed', { journeyId: 'jr_b', nodeId: 'call', channel: 'webhook' });
    await sends(1, 'sent', { journeyId: 'jr_b', nodeId: 'call', channel: 'webhook' });
    await sends(1, 'x', { journeyId: 'jr_b', nodeId: 'call', type: 'journey.failed', sendKey: undefined });
    const down: AlertPublisher = { publish: () => Promise.reject(new Error('NATS down')) };
    expect(await replica(down).execute()).toMatchObject({ fired: 1 });
    expect(await rules.pendingNotices()).toHaveLength(1);
    expect((await publishedAlerts()).filter((a) => a.events[0].data.ruleId === rule.id)).toHaveLength(0);

    await Promise.all([replica().execute(), replica().execute()]);
    const mine = (await publishedAlerts()).filter((a) => a.events[0].data.ruleId === rule.id);
    expect(mine).toHaveLength(1);
    // 2 failed sends + 1 instance failed at the node, of 3 sends + 1 failed instance.
    expect(mine[0].events[0]).toMatchObject({
      type: 'alert.fired',
      nodeId: 'call',
      data: { value: 75, samples: 4 },
    });
    expect(await rules.pendingNotices()).toHaveLength(0);
  });

  it('measures a delivery rate and a journey without entries from the stored events', async () => {
    const counter = new MongoAlertWindowCounter(conn);
    const base = {
      id: 'r',
      workspaceId: WS,
      state: 'ok' as const,
      stateVersion: 0,
      createdAt: 0,
      updatedAt: 0,
    };
    await sends(4, 'delivered', { journeyId: 'jr_c', channel: 'email' });
    await sends(10, 'sent', { journeyId: 'jr_c', channel: 'email' });
    const delivery = await counter.countWindow(
      {
        ...base,
        name: 'd',
        kind: 'delivery_rate',
        journeyId: 'jr_c',
        thresholdPercent: 80,
        windowMinutes: 5,
        enabled: true,
      },
      { start: now - 5 * MIN, end: now },
    );
    expect(delivery).toEqual({ kind: 'delivery_rate', sent: 10, delivered: 4 });
    const quiet = {
      ...base,
      name: 'q',
      kind: 'no_entries' as const,
      journeyId: 'jr_c',
      hours: 1,
      enabled: true,
    };
    expect(await counter.countWindow(quiet, { start: now - 60 * MIN, end: now })).toEqual({
      kind: 'no_entries',
      entered: 0,
    });
    await sends(1, 'x', {
      journeyId: 'jr_c',
      type: 'journey.entered',
      sendKey: undefined,
      status: undefined,
    });
    expect(await counter.countWindow(quiet, { start: now - 60 * MIN, end: now })).toEqual({
      kind: 'no_entries',
      entered: 1,
    });
  });
});
