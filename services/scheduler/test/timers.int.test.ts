import { eventually, resetAll } from '../../../test/support/infra';
import type { SchedulerHandle } from '../src/app';
import {
  FireWatcher,
  Inspector,
  Orchestrator,
  counter,
  newTraceparent,
  newWorkspace,
  publishedFires,
  scheduleMessage,
  sleep,
  startScheduler,
  traceIdOf,
} from './support';

const DB = 'kalcifer_scheduler_test_timers';
jest.setTimeout(60_000);

let scheduler: SchedulerHandle;
let orchestrator: Orchestrator;
let inspector: Inspector;
const watchers: FireWatcher[] = [];

async function watch(workspaceId: string): Promise<FireWatcher> {
  const watcher = await FireWatcher.start(workspaceId);
  watchers.push(watcher);
  return watcher;
}

beforeAll(async () => {
  await resetAll(DB);
  scheduler = await startScheduler(DB);
  orchestrator = await Orchestrator.connect();
  inspector = await Inspector.open(DB);
});

afterAll(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  await orchestrator?.close();
  await inspector?.close();
  await scheduler?.close();
});

describe('scheduler timers', () => {
  it('fires a 1 s timer at its due time, never before, and marks it fired', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timer = scheduleMessage(ws, Date.now() + 1_000);

    await orchestrator.schedule(timer);
    await watcher.waitForCount(1);

    const [fire] = watcher.fires;
    expect(fire.msgId).toBe(`timer:${timer.timerId}`);
    expect(fire.body).toEqual({
      workspaceId: ws,
      timerId: timer.timerId,
      instanceId: timer.instanceId,
      dueAt: timer.dueAt,
      firedAt: expect.any(Number),
    });
    expect(fire.body.firedAt).toBeGreaterThanOrEqual(timer.dueAt);
    expect(fire.receivedAt).toBeGreaterThanOrEqual(timer.dueAt);
    expect(fire.body.firedAt - timer.dueAt).toBeLessThan(1_000);
    const doc = await eventually(async () => {
      const d = await inspector.timer(timer.timerId);
      return d?.status === 'fired' ? d : undefined;
    });
    expect(doc.firedAt?.getTime()).toBe(fire.body.firedAt);
  });

  it('never fires a timer cancelled before it is due', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const dueAt = Date.now() + 1_500;
    const cancelled = scheduleMessage(ws, dueAt);
    const control = scheduleMessage(ws, dueAt);

    await orchestrator.schedule(cancelled);
    await orchestrator.schedule(control);
    await eventually(async () => (await inspector.timer(cancelled.timerId))?.status === 'pending');
    await orchestrator.cancel({
      workspaceId: ws,
      timerId: cancelled.timerId,
      instanceId: cancelled.instanceId,
    });
    await eventually(async () => (await inspector.timer(cancelled.timerId))?.status === 'cancelled');

    // The control timer, due at the same moment, proves the poller ran past the due time.
    await watcher.waitForCount(1);
    await sleep(500);
    expect(watcher.fires.map((f) => f.body.timerId)).toEqual([control.timerId]);
  });

  it('never fires a timer whose cancel arrived before its schedule', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const dueAt = Date.now() + 1_000;
    const cancelled = scheduleMessage(ws, dueAt);
    const control = scheduleMessage(ws, dueAt);

    await orchestrator.cancel({
      workspaceId: ws,
      timerId: cancelled.timerId,
      instanceId: cancelled.instanceId,
    });
    await eventually(async () => (await inspector.timer(cancelled.timerId))?.status === 'cancelled');
    await orchestrator.schedule(cancelled);
    await orchestrator.schedule(control);

    await watcher.waitForCount(1);
    await sleep(500);
    expect(watcher.fires.map((f) => f.body.timerId)).toEqual([control.timerId]);
    expect(await inspector.timer(cancelled.timerId)).toMatchObject({ status: 'cancelled', rev: 1 });
  });

  it('fires once when the same schedule is published twice', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timer = scheduleMessage(ws, Date.now() + 1_500);
    const publishedBefore = await publishedFires(scheduler);

    // Two stream messages (distinct message ids), as a retrying orchestrator could produce.
    await orchestrator.schedule(timer);
    await orchestrator.schedule(timer);
    await eventually(async () => (await inspector.timer(timer.timerId))?.rev === 2);

    await watcher.waitForCount(1);
    await sleep(500);
    expect(watcher.fires).toHaveLength(1);
    expect(watcher.fires[0].body.firedAt).toBeGreaterThanOrEqual(timer.dueAt);
    // Not merely deduplicated by JetStream: the scheduler published it once.
    expect((await publishedFires(scheduler)) - publishedBefore).toBe(1);
  });

  it('moves a pending timer to its new due time when rescheduled, and fires it then', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timer = scheduleMessage(ws, Date.now() + 800);
    const later = { ...timer, dueAt: Date.now() + 2_000 };

    await orchestrator.schedule(timer);
    await eventually(async () => (await inspector.timer(timer.timerId))?.status === 'pending');
    await orchestrator.schedule(later);
    await eventually(async () => (await inspector.timer(timer.timerId))?.rev === 2);

    await watcher.waitForCount(1);
    expect(watcher.fires[0].body.dueAt).toBe(later.dueAt);
    expect(watcher.fires[0].body.firedAt).toBeGreaterThanOrEqual(later.dueAt);
    expect(watcher.fires[0].receivedAt).toBeGreaterThanOrEqual(later.dueAt);
  });

  it('never fires a timer whose cancel races a re-schedule of it', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const dueAt = Date.now() + 2_000;
    const timers = Array.from({ length: 30 }, () => scheduleMessage(ws, dueAt));
    const control = scheduleMessage(ws, dueAt);
    await Promise.all([...timers, control].map((t) => orchestrator.schedule(t)));
    await eventually(
      async () => (await inspector.countTimers({ workspaceId: ws, status: 'pending' })) === 31,
    );

    // Each re-schedule and its cancel are in flight at the same time.
    await Promise.all(
      timers.flatMap((t) => [
        orchestrator.schedule({ ...t, dueAt: dueAt + 100 }),
        orchestrator.cancel({ workspaceId: ws, timerId: t.timerId, instanceId: t.instanceId }),
      ]),
    );
    await eventually(
      async () => (await inspector.countTimers({ workspaceId: ws, status: 'cancelled' })) === 30,
    );

    await watcher.waitForCount(1);
    await sleep(600);
    expect(watcher.fires.map((f) => f.body.timerId)).toEqual([control.timerId]);
    expect(await inspector.countTimers({ workspaceId: ws, status: 'cancelled' })).toBe(30);
  });

  it('fires 200 timers due within 3 s exactly once each, in due order', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const start = Date.now() + 1_000;
    const timers = Array.from({ length: 200 }, () =>
      scheduleMessage(ws, start + Math.floor(Math.random() * 3_000)),
    );

    await Promise.all(timers.map((t) => orchestrator.schedule(t)));
    await watcher.waitForCount(200, 20_000);
    await sleep(500);

    expect(watcher.fires).toHaveLength(200);
    expect(new Set(watcher.fires.map((f) => f.msgId)).size).toBe(200);
    const byId = new Map(timers.map((t) => [t.timerId, t]));
    for (const fire of watcher.fires) {
      expect(byId.get(fire.body.timerId)?.dueAt).toBe(fire.body.dueAt);
      expect(fire.body.firedAt).toBeGreaterThanOrEqual(fire.body.dueAt);
      expect(fire.body.firedAt - fire.body.dueAt).toBeLessThan(1_000);
    }
    // Each poll publishes its batch in due order (one firedAt per batch), and batches follow each
    // other in time; all were scheduled well before due, so the whole stream is in due order.
    const dues = watcher.fires.map((f) => f.body.dueAt);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(watcher.fires.map((f) => f.body.firedAt)).toEqual(
      watcher.fires.map((f) => f.body.firedAt).sort((a, b) => a - b),
    );
  });

  it('ignores a schedule that names another workspace than its subject', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timer = scheduleMessage(ws, Date.now() + 300);
    const control = scheduleMessage(ws, Date.now() + 300);

    // Published on ws's subject but claiming another workspace: terminated, never stored.
    await orchestrator.scheduleOn(ws, { ...timer, workspaceId: 'someone-else' });
    await orchestrator.schedule(control);

    await watcher.waitForCount(1);
    await sleep(300);
    expect(watcher.fires.map((f) => f.body.timerId)).toEqual([control.timerId]);
    expect(await inspector.timer(timer.timerId)).toBeNull();
  });

  it('applies every request of a batch message once, even when a request comes again in another batch', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const dueAt = Date.now() + 1_500;
    const fired = Array.from({ length: 30 }, () => scheduleMessage(ws, dueAt));
    const cancelled = Array.from({ length: 10 }, () => scheduleMessage(ws, dueAt));
    const publishedBefore = await publishedFires(scheduler);

    await orchestrator.batch(ws, { schedule: [...fired, ...cancelled], cancel: [] });
    // The cancels, and a third of the schedules again (an outbox re-published in another grouping).
    await orchestrator.batch(ws, {
      schedule: fired.slice(0, 10),
      cancel: cancelled.map(({ workspaceId, timerId, instanceId }) => ({ workspaceId, timerId, instanceId })),
    });
    await watcher.waitForCount(30);
    await sleep(1_000);
    expect(watcher.fires.map((f) => f.body.timerId).sort()).toEqual(fired.map((t) => t.timerId).sort());
    expect((await publishedFires(scheduler)) - publishedBefore).toBe(30);
    for (const t of cancelled)
      expect(await inspector.timer(t.timerId)).toMatchObject({ status: 'cancelled' });
  });

  it('fires each timer in the trace of the step that set it, alone or in a batch, re-armed from another trace', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const dueAt = Date.now() + 1_500;
    const alone = scheduleMessage(ws, dueAt, { traceparent: newTraceparent() });
    const batched = [1, 2].map(() => scheduleMessage(ws, dueAt, { traceparent: newTraceparent() }));
    const rearmed = scheduleMessage(ws, Date.now() + 60_000, { traceparent: newTraceparent() });
    const untraced = scheduleMessage(ws, dueAt);

    await orchestrator.schedule(alone);
    await orchestrator.batch(ws, { schedule: [...batched, rearmed], cancel: [] });
    await orchestrator.schedule(untraced);
    // The re-arm (a later step, another trace) moves it due with the others: its fire is that step's.
    const rearm = { ...rearmed, dueAt, traceparent: newTraceparent() };
    await eventually(async () => (await inspector.timer(rearmed.timerId)) !== null);
    await orchestrator.batch(ws, { schedule: [rearm], cancel: [] });
    await watcher.waitForCount(5);

    const traceOfFire = (timerId: string) => traceIdOf(watcher.of(timerId)[0]?.traceparent);
    for (const t of [alone, ...batched, rearm])
      expect({ timer: t.timerId, trace: traceOfFire(t.timerId) }).toEqual({
        timer: t.timerId,
        trace: traceIdOf(t.traceparent),
      });
    expect(new Set([alone, ...batched].map((t) => traceOfFire(t.timerId))).size).toBe(3);
    // A request without one fires all the same.
    expect(watcher.of(untraced.timerId)).toHaveLength(1);
    expect(await inspector.timer(alone.timerId)).toMatchObject({ traceparent: alone.traceparent });
  });

  it('terminates a batch message carrying a request of another workspace, storing none of it', async () => {
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const mine = scheduleMessage(ws, Date.now() + 300);
    const theirs = scheduleMessage('someone-else', Date.now() + 300);
    const control = scheduleMessage(ws, Date.now() + 300);

    await orchestrator.batch(ws, { schedule: [mine, theirs], cancel: [] });
    await orchestrator.schedule(control);
    await watcher.waitForCount(1);
    await sleep(500);
    expect(watcher.fires.map((f) => f.body.timerId)).toEqual([control.timerId]);
    expect(await inspector.timer(mine.timerId)).toBeNull();
    expect(await inspector.timer(theirs.timerId)).toBeNull();
  });

  it('reports readiness and counts what it did on /metrics', async () => {
    const ready = await fetch(`http://127.0.0.1:${scheduler.healthPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { nats: true, mongo: true, redis: true } });

    const text = await (await fetch(`http://127.0.0.1:${scheduler.healthPort}/metrics`)).text();
    expect(text).toContain('scheduler_timer_index_size');
    // The tests above: 32 cancels and 238 schedules, 207 of them fired, before the batch tests
    // added 10 cancels, 41 schedules and 31 fires (their repeats counted once), and the trace test
    // 5 schedules (its re-arm is no new timer) and 5 fires.
    expect(await counter(scheduler, 'scheduler_timers_cancelled_total')).toBe(42);
    expect(await counter(scheduler, 'scheduler_timers_scheduled_total')).toBe(284);
    await eventually(async () => (await counter(scheduler, 'scheduler_timers_fired_total')) === 243);
  });
});
