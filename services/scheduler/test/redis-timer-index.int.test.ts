import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { infra, resetAll } from '../../../test/support/infra';
import { RedisTimerIndex } from '../src/infrastructure/redis-timer-index';

const DB = 'kalcifer_scheduler_test_index';

let redis: Redis;
let index: RedisTimerIndex;
let prefix: string;

const timer = (n: number, dueAt: number) => ({
  workspaceId: 'ws-1',
  instanceId: `i-${n}`,
  timerId: `t-${n}`,
  dueAt,
});

beforeAll(async () => {
  await resetAll(DB);
  redis = new Redis(infra.redisUrl);
});

beforeEach(() => {
  prefix = `{test:${randomUUID()}}`;
  index = new RedisTimerIndex(redis, prefix);
});

afterAll(() => redis.disconnect());

describe('the Redis timer index', () => {
  it('gives each due timer to exactly one of many concurrent claims, earliest first', async () => {
    const now = Date.now();
    for (let n = 0; n < 100; n++) await index.apply('add', timer(n, now - 1_000 + n), 1);
    await index.apply('add', timer(999, now + 60_000), 1);

    const claims = await Promise.all(Array.from({ length: 20 }, () => index.claimDue(now, 7)));
    const claimed = claims.flatMap((c) => c.due.map((t) => t.timerId));

    expect(claimed).toHaveLength(100);
    expect(new Set(claimed).size).toBe(100);
    for (const claim of claims) {
      const dues = claim.due.map((t) => t.dueAt);
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
    }
    expect(await index.size()).toBe(1);
  });

  it('does not let a stale loader read bring back a timer a cancel removed', async () => {
    const t = timer(1, Date.now() - 10);
    await index.apply('add', t, 1);
    const token = await index.beginLoad(10_000);
    // The loader read rev 1 (pending); meanwhile a cancel wrote rev 2 and removed it.
    await index.apply('remove', t, 2);
    const result = await index.addLoaded(token!, [{ ...t, rev: 1 }], 10_000);

    expect(result).toEqual({ added: 0, leaseHeld: true });
    expect((await index.claimDue(Date.now(), 10)).due).toEqual([]);
  });

  it('ignores a schedule applied after a newer cancel, and takes a newer due time', async () => {
    const t = timer(1, Date.now() - 10);
    await index.apply('remove', t, 2);
    expect(await index.apply('add', t, 1)).toBe(false);
    expect(await index.size()).toBe(0);

    const later = { ...t, dueAt: Date.now() + 60_000 };
    expect(await index.apply('add', later, 3)).toBe(true);
    expect((await index.claimDue(Date.now(), 10)).due).toEqual([]);
    expect((await index.claimDue(later.dueAt, 10)).due).toEqual([later]);
  });

  it('puts back claimed timers whose publish failed, except those cancelled since the claim', async () => {
    const now = Date.now();
    await index.apply('add', timer(1, now - 5), 1);
    await index.apply('add', timer(2, now - 5), 1);
    const claimedAt = Date.now() + 1;
    const { due } = await index.claimDue(claimedAt, 10);
    await new Promise((r) => setTimeout(r, 5));
    await index.apply('remove', timer(2, 0), 2);

    expect(await index.restore(due, claimedAt)).toBe(1);
    expect((await index.claimDue(Date.now(), 10)).due.map((t) => t.timerId)).toEqual(['t-1']);
  });

  it("keeps a timer's traceparent beside it: claimed with it, put back with it, loaded with it, then gone", async () => {
    const now = Date.now();
    const traceparent = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    await index.apply('add', { ...timer(1, now - 5), traceparent }, 1);
    await index.apply('add', timer(2, now - 5), 1);
    const claimedAt = Date.now() + 1;
    const { due } = await index.claimDue(claimedAt, 10);
    expect(due).toEqual([{ ...timer(1, now - 5), traceparent }, timer(2, now - 5)]);

    expect(await index.restore(due, claimedAt)).toBe(2);
    expect((await index.claimDue(Date.now(), 10)).due[0]).toEqual({ ...timer(1, now - 5), traceparent });

    const token = await index.beginLoad(10_000);
    await index.addLoaded(token!, [{ ...timer(3, now - 5), rev: 1, traceparent }], 10_000);
    expect((await index.claimDue(Date.now(), 10)).due).toEqual([{ ...timer(3, now - 5), traceparent }]);
    // A claim takes the traceparents out of Redis with the timers; a removal too.
    await index.apply('add', { ...timer(4, now + 60_000), traceparent }, 1);
    await index.apply('remove', timer(4, 0), 2);
    expect(await redis.exists(`${prefix}:trace`)).toBe(0);
  });

  it('lets one loader at a time hold the lease, and reports the index lost when Redis was flushed mid-load', async () => {
    expect((await index.claimDue(Date.now(), 1)).intact).toBe(false);
    const token = await index.beginLoad(10_000);
    expect(token).not.toBeNull();
    expect(await index.beginLoad(10_000)).toBeNull();
    expect(await index.finishLoad(token!, 0)).toBe(true);
    expect((await index.claimDue(Date.now(), 1)).intact).toBe(true);

    const second = await index.beginLoad(10_000);
    await redis.flushall();
    expect((await index.addLoaded(second!, [{ ...timer(1, 0), rev: 1 }], 10_000)).leaseHeld).toBe(false);
    expect(await index.finishLoad(second!, 0)).toBe(false);
    expect((await index.claimDue(Date.now(), 1)).intact).toBe(false);
  });
});
