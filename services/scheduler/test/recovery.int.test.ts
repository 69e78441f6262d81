import { eventually, resetAll } from '../../../test/support/infra';
import type { SchedulerHandle } from '../src/app';
import { RedisTimerIndex } from '../src/infrastructure/redis-timer-index';
import {
  FireWatcher,
  Inspector,
  Orchestrator,
  newTraceparent,
  newWorkspace,
  publishedFires,
  scheduleMessage,
  sleep,
  startScheduler,
  traceIdOf,
  type ObservedFire,
} from './support';

const DB = 'kalcifer_scheduler_test_recovery';
jest.setTimeout(90_000);

let orchestrator: Orchestrator;
let inspector: Inspector;
/** Everything a test started, closed after it even when it fails. */
let opened: { close(): Promise<void> }[] = [];

async function start(env: Record<string, string> = {}): Promise<SchedulerHandle> {
  const handle = await startScheduler(DB, env);
  opened.push(handle);
  return handle;
}

async function watch(workspaceId: string): Promise<FireWatcher> {
  const watcher = await FireWatcher.start(workspaceId);
  opened.push(watcher);
  return watcher;
}

function expectEachFiredOnceOnTime(fires: ObservedFire[], timers: { timerId: string; dueAt: number }[]) {
  expect(fires.map((f) => f.body.timerId).sort()).toEqual(timers.map((t) => t.timerId).sort());
  expect(new Set(fires.map((f) => f.msgId)).size).toBe(timers.length);
  for (const fire of fires) {
    expect(fire.body.firedAt).toBeGreaterThanOrEqual(fire.body.dueAt);
    expect(fire.receivedAt).toBeGreaterThanOrEqual(fire.body.dueAt);
  }
}

beforeAll(async () => {
  await resetAll(DB);
  orchestrator = await Orchestrator.connect();
  inspector = await Inspector.open(DB);
});

afterEach(async () => {
  // Reverse order: watchers and schedulers started last stop first.
  for (const thing of opened.reverse()) await thing.close();
  opened = [];
});

afterAll(async () => {
  await orchestrator?.close();
  await inspector?.close();
});

describe('scheduler recovery', () => {
  it('rebuilds the Redis index from MongoDB after Redis loses everything, and loses no timer', async () => {
    const scheduler = await start();
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const start0 = Date.now() + 2_000;
    const timers = Array.from({ length: 50 }, () =>
      scheduleMessage(ws, start0 + Math.floor(Math.random() * 1_000)),
    );
    await Promise.all(timers.map((t) => orchestrator.schedule(t)));
    await eventually(async () => (await inspector.indexSize()) === 50);

    await inspector.redis.flushall();
    expect(await inspector.indexSize()).toBe(0);

    await watcher.waitForCount(50);
    await sleep(500);
    expect(watcher.fires).toHaveLength(50);
    expectEachFiredOnceOnTime(watcher.fires, timers);
    expect(await publishedFires(scheduler)).toBe(50);
  });

  it('fires a timer rebuilt from MongoDB in the trace of the step that set it', async () => {
    await start();
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timer = scheduleMessage(ws, Date.now() + 2_000, { traceparent: newTraceparent() });
    await orchestrator.schedule(timer);
    await eventually(async () => (await inspector.indexSize()) === 1);

    await inspector.redis.flushall();
    await watcher.waitForCount(1);
    expect(traceIdOf(watcher.fires[0].traceparent)).toBe(traceIdOf(timer.traceparent));
  });

  it('fires the timers that came due while it was stopped as soon as it is back', async () => {
    const first = await start();
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timers = Array.from({ length: 20 }, (_, i) => scheduleMessage(ws, Date.now() + 1_500 + i * 20));
    await Promise.all(timers.map((t) => orchestrator.schedule(t)));
    await eventually(
      async () => (await inspector.countTimers({ workspaceId: ws, status: 'pending' })) === 20,
    );

    await first.close();
    await sleep(Math.max(...timers.map((t) => t.dueAt)) - Date.now() + 1_000);
    expect(watcher.fires).toHaveLength(0);

    const restartedAt = Date.now();
    await start();
    await watcher.waitForCount(20);
    await sleep(300);
    expectEachFiredOnceOnTime(watcher.fires, timers);
    for (const fire of watcher.fires) expect(fire.body.firedAt).toBeGreaterThanOrEqual(restartedAt);
    expect(watcher.fires[watcher.fires.length - 1].receivedAt - restartedAt).toBeLessThan(5_000);
    await eventually(async () => (await inspector.countTimers({ workspaceId: ws, status: 'fired' })) === 20);
  });

  it('fires each timer exactly once with two scheduler instances running at once', async () => {
    const a = await start();
    const b = await start();
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const start0 = Date.now() + 1_000;
    const timers = Array.from({ length: 300 }, () =>
      scheduleMessage(ws, start0 + Math.floor(Math.random() * 2_000)),
    );
    await Promise.all(timers.map((t) => orchestrator.schedule(t)));

    await watcher.waitForCount(300, 20_000);
    await sleep(1_000);
    expect(watcher.fires).toHaveLength(300);
    expectEachFiredOnceOnTime(watcher.fires, timers);
    // Each fire was claimed by exactly one instance (no duplicate left for JetStream to drop)...
    const [byA, byB] = [await publishedFires(a), await publishedFires(b)];
    expect(byA + byB).toBe(300);
    // ...and both took part.
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
  });

  it('fires a timer claimed by an instance that died before publishing it, once the loader runs', async () => {
    // Horizon 4 s: the loader runs every second.
    await start({ TIMER_HORIZON_MS: '4000' });
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const timer = scheduleMessage(ws, Date.now() + 1_500);
    await orchestrator.schedule(timer);
    await eventually(async () => (await inspector.indexSize()) === 1);

    // A replica claims it ahead of time (as if its clock ran fast) and crashes before publishing.
    const ghost = new RedisTimerIndex(inspector.redis, inspector.redisPrefix);
    const claim = await ghost.claimDue(Date.now() + 60_000, 10);
    expect(claim.due.map((t) => t.timerId)).toEqual([timer.timerId]);

    await watcher.waitForCount(1);
    expect(watcher.fires[0].body.timerId).toBe(timer.timerId);
    expect(watcher.fires[0].body.firedAt).toBeGreaterThanOrEqual(timer.dueAt);
  });

  it('keeps far-future timers out of Redis until they come within the horizon', async () => {
    await start({ TIMER_HORIZON_MS: '4000' });
    const ws = newWorkspace();
    const watcher = await watch(ws);
    const near = scheduleMessage(ws, Date.now() + 2_000);
    const far = scheduleMessage(ws, Date.now() + 6_500);
    await orchestrator.schedule(near);
    await orchestrator.schedule(far);
    await eventually(async () => (await inspector.countTimers({ workspaceId: ws, status: 'pending' })) === 2);
    expect(await inspector.indexSize()).toBe(1);

    await watcher.waitForCount(2, 15_000);
    expect(watcher.fires.map((f) => f.body.timerId)).toEqual([near.timerId, far.timerId]);
    expect(watcher.fires[1].body.firedAt).toBeGreaterThanOrEqual(far.dueAt);
    expect(watcher.fires[1].body.firedAt - far.dueAt).toBeLessThan(1_000);
  });
});
