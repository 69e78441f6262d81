/** Frequency caps against a real Redis: windows, retryAt, several rules, idempotency, release. */
import type { Redis } from '@kalcifer/platform';
import { RedisFrequencyCaps, type CapDecision, type CapRule } from '../src';
import { closeAll, DAY, deleteKeys, HOUR, openConnections, T0, uniquePrefix } from './caps-support';

const WS = 'ws_windows';
const emailTwiceADay = (onCapped: 'skip' | 'delay'): CapRule[] => [
  { channel: 'email', limit: 2, window: 'P1D', onCapped },
];

describe('frequency caps', () => {
  let redis: Redis;
  let caps: RedisFrequencyCaps;
  const prefix = uniquePrefix('windows');
  let customerSeq = 0;
  // Each test gets its own customer, so counters never leak between tests.
  const newCustomer = () => `cus_${++customerSeq}`;

  beforeAll(async () => {
    [redis] = await openConnections(1);
    caps = new RedisFrequencyCaps(redis, { keyPrefix: prefix });
  });

  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await closeAll([redis]);
  });

  const capped = (decision: CapDecision) => {
    if (decision.allowed) throw new Error('expected the send to be capped');
    return decision;
  };

  describe('sliding window', () => {
    it('caps a third email within 24 hours and allows it once the oldest send is a day old', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('skip');
      expect((await caps.reserve(WS, customer, 'email', 'k1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'email', 'k2', T0 + 10 * HOUR, rules)).allowed).toBe(true);

      expect((await caps.reserve(WS, customer, 'email', 'k3', T0 + 23 * HOUR, rules)).allowed).toBe(false);
      expect((await caps.reserve(WS, customer, 'email', 'k4', T0 + DAY - 1, rules)).allowed).toBe(false);
      // Exactly one day after the first send it has left the window: one slot is free, not two.
      expect((await caps.reserve(WS, customer, 'email', 'k5', T0 + DAY, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'email', 'k6', T0 + DAY + 1, rules)).allowed).toBe(false);
    });

    it('does not let a new calendar day reset the count (the window slides)', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('skip');
      const lateEvening = Date.parse('2026-11-20T23:00:00Z');
      await caps.reserve(WS, customer, 'email', 'k1', lateEvening, rules);
      await caps.reserve(WS, customer, 'email', 'k2', lateEvening + 30 * 60_000, rules);
      const afterMidnight = Date.parse('2026-11-21T00:30:00Z');
      expect((await caps.reserve(WS, customer, 'email', 'k3', afterMidnight, rules)).allowed).toBe(false);
    });

    it('counts email and sms separately under per-channel rules', async () => {
      const customer = newCustomer();
      const rules: CapRule[] = [
        { channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' },
        { channel: 'sms', limit: 1, window: 'P1D', onCapped: 'skip' },
      ];
      expect((await caps.reserve(WS, customer, 'email', 'e1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'sms', 's1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'push', 'p1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'email', 'e2', T0, rules)).allowed).toBe(false);
    });
  });

  describe('retryAt and delay', () => {
    it('reports retryAt = when the oldest counted send leaves the window', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('delay');
      await caps.reserve(WS, customer, 'email', 'k1', T0 + 2 * HOUR, rules);
      await caps.reserve(WS, customer, 'email', 'k2', T0 + 5 * HOUR, rules);
      const decision = capped(await caps.reserve(WS, customer, 'email', 'k3', T0 + 6 * HOUR, rules));
      expect(decision).toEqual({
        allowed: false,
        rule: rules[0],
        ruleIndex: 0,
        retryAt: T0 + 2 * HOUR + DAY,
        replayed: false,
      });
    });

    it('holds a delayed send until retryAt, then lets the same send key through and counts it once', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('delay');
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      await caps.reserve(WS, customer, 'email', 'k2', T0 + HOUR, rules);
      const first = capped(await caps.reserve(WS, customer, 'email', 'late', T0 + 2 * HOUR, rules));

      // A redelivery before retryAt gets the same answer.
      const early = capped(await caps.reserve(WS, customer, 'email', 'late', T0 + 3 * HOUR, rules));
      expect(early).toEqual({ ...first, replayed: true });

      expect(await caps.reserve(WS, customer, 'email', 'late', first.retryAt, rules)).toEqual({
        allowed: true,
        replayed: false,
      });
      expect(await caps.countRecent(WS, customer, 'email', DAY, first.retryAt)).toBe(2);
      expect(await caps.reserve(WS, customer, 'email', 'late', first.retryAt + 1, rules)).toEqual({
        allowed: true,
        replayed: true,
      });
    });

    it('delays again when another send took the freed slot first', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('delay');
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      await caps.reserve(WS, customer, 'email', 'k2', T0 + HOUR, rules);
      const waiting = capped(await caps.reserve(WS, customer, 'email', 'waiting', T0 + 2 * HOUR, rules));
      expect(waiting.retryAt).toBe(T0 + DAY);

      expect((await caps.reserve(WS, customer, 'email', 'other', T0 + DAY, rules)).allowed).toBe(true);
      const again = capped(await caps.reserve(WS, customer, 'email', 'waiting', T0 + DAY, rules));
      expect(again.retryAt).toBe(T0 + HOUR + DAY);
      expect(again.replayed).toBe(false);
    });

    it('keeps a skipped send skipped on retry, even after the window has room again', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('skip');
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      await caps.reserve(WS, customer, 'email', 'k2', T0, rules);
      const skipped = capped(await caps.reserve(WS, customer, 'email', 'k3', T0 + HOUR, rules));
      expect(skipped.rule.onCapped).toBe('skip');

      const retried = await caps.reserve(WS, customer, 'email', 'k3', T0 + 3 * DAY, rules);
      expect(retried).toEqual({ ...skipped, replayed: true });
      expect((await caps.reserve(WS, customer, 'email', 'k4', T0 + 3 * DAY, rules)).allowed).toBe(true);
    });

    it('when a lowered limit leaves more sends counted than allowed, waits until enough of them left', async () => {
      const customer = newCustomer();
      const generous: CapRule[] = [{ channel: 'email', limit: 5, window: 'P1D', onCapped: 'delay' }];
      for (let i = 0; i < 4; i++) await caps.reserve(WS, customer, 'email', `k${i}`, T0 + i * HOUR, generous);
      const strict: CapRule[] = [{ channel: 'email', limit: 2, window: 'P1D', onCapped: 'delay' }];
      // 4 counted, limit 2: the send fits once 3 of them (T0, T0+1h, T0+2h) have left the window.
      const decision = capped(await caps.reserve(WS, customer, 'email', 'next', T0 + 5 * HOUR, strict));
      expect(decision.retryAt).toBe(T0 + 2 * HOUR + DAY);
    });
  });

  describe('several rules', () => {
    const dayAndWeek: CapRule[] = [
      { channel: 'email', limit: 2, window: 'P1D', onCapped: 'delay' },
      { channel: 'email', limit: 5, window: 'P1W', onCapped: 'delay' },
    ];

    it('applies 2 a day and 5 a week together', async () => {
      const customer = newCustomer();
      const sends = [0, 1, DAY, DAY + 1, 2 * DAY];
      for (const [i, offset] of sends.entries()) {
        expect((await caps.reserve(WS, customer, 'email', `k${i}`, T0 + offset, dayAndWeek)).allowed).toBe(
          true,
        );
      }
      // Day 3 already has one send: the daily rule would allow one more, the weekly rule does not.
      const decision = capped(
        await caps.reserve(WS, customer, 'email', 'k5', T0 + 2 * DAY + HOUR, dayAndWeek),
      );
      expect(decision.ruleIndex).toBe(1);
      expect(decision.rule).toEqual(dayAndWeek[1]);
      expect(decision.retryAt).toBe(T0 + 7 * DAY);
    });

    it('when several delay rules are exceeded, retryAt is the latest of their next allowed times', async () => {
      const customer = newCustomer();
      const sends = [0, DAY, 2 * DAY, 3 * DAY, 3 * DAY + HOUR];
      for (const [i, offset] of sends.entries())
        await caps.reserve(WS, customer, 'email', `k${i}`, T0 + offset, dayAndWeek);
      // Daily: free at T0+4d; weekly: free at T0+7d. Waiting for the daily rule alone would not do.
      const decision = capped(
        await caps.reserve(WS, customer, 'email', 'k5', T0 + 3 * DAY + 2 * HOUR, dayAndWeek),
      );
      expect(decision.retryAt).toBe(T0 + 7 * DAY);
      expect(decision.ruleIndex).toBe(1);
    });

    it('a skip rule wins over a delay rule when both are exceeded', async () => {
      const customer = newCustomer();
      const rules: CapRule[] = [
        { channel: 'email', limit: 1, window: 'PT1H', onCapped: 'delay' },
        { channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' },
      ];
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      const decision = capped(await caps.reserve(WS, customer, 'email', 'k2', T0 + 1000, rules));
      expect(decision.rule.onCapped).toBe('skip');
      expect(decision.ruleIndex).toBe(1);
    });

    it("a '*' rule counts every channel together", async () => {
      const customer = newCustomer();
      const rules: CapRule[] = [
        { channel: '*', limit: 3, window: 'P1D', onCapped: 'skip' },
        { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
      ];
      expect((await caps.reserve(WS, customer, 'email', 'k1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'sms', 'k2', T0 + 1, rules)).allowed).toBe(true);
      expect((await caps.reserve(WS, customer, 'push', 'k3', T0 + 2, rules)).allowed).toBe(true);
      const decision = capped(await caps.reserve(WS, customer, 'whatsapp', 'k4', T0 + 3, rules));
      expect(decision.rule.channel).toBe('*');
      expect(decision.retryAt).toBe(T0 + DAY);
      expect(await caps.countRecent(WS, customer, '*', DAY, T0 + 4)).toBe(3);
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0 + 4)).toBe(1);
    });

    it('counts sends made before a rule existed (every send is recorded, capped or not by policy)', async () => {
      const customer = newCustomer();
      await caps.reserve(WS, customer, 'sms', 'k1', T0, []);
      await caps.reserve(WS, customer, 'sms', 'k2', T0 + 1, []);
      const rules: CapRule[] = [{ channel: 'sms', limit: 2, window: 'P1D', onCapped: 'skip' }];
      expect((await caps.reserve(WS, customer, 'sms', 'k3', T0 + 2, rules)).allowed).toBe(false);
    });
  });

  describe('idempotency and release', () => {
    it('counts a retried send key once', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('skip');
      expect(await caps.reserve(WS, customer, 'email', 'same', T0, rules)).toEqual({
        allowed: true,
        replayed: false,
      });
      expect(await caps.reserve(WS, customer, 'email', 'same', T0 + HOUR, rules)).toEqual({
        allowed: true,
        replayed: true,
      });
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0 + HOUR)).toBe(1);
      expect((await caps.reserve(WS, customer, 'email', 'other', T0 + HOUR, rules)).allowed).toBe(true);
    });

    it('refuses a capped send key reused for another channel', async () => {
      const customer = newCustomer();
      const rules: CapRule[] = [{ channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' }];
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      expect((await caps.reserve(WS, customer, 'email', 'dup', T0, rules)).allowed).toBe(false);
      await expect(caps.reserve(WS, customer, 'sms', 'dup', T0, rules)).rejects.toThrow(
        /send key dup was reserved for channel email, not sms/,
      );
    });

    it('release frees the slot of a send that never reached the provider', async () => {
      const customer = newCustomer();
      const rules = emailTwiceADay('skip');
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      await caps.reserve(WS, customer, 'email', 'bounced', T0, rules);
      expect((await caps.reserve(WS, customer, 'email', 'k3', T0, rules)).allowed).toBe(false);

      expect(await caps.release(WS, customer, 'email', 'bounced')).toBe(true);
      expect(await caps.release(WS, customer, 'email', 'bounced')).toBe(false);
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0)).toBe(1);
      expect(await caps.recentSends(WS, customer, 0)).toEqual([{ channel: 'email', at: T0 }]);
      expect((await caps.reserve(WS, customer, 'email', 'k4', T0 + 1, rules)).allowed).toBe(true);
    });

    it('release of a capped send changes nothing: the skip decision stands', async () => {
      const customer = newCustomer();
      const rules: CapRule[] = [{ channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' }];
      await caps.reserve(WS, customer, 'email', 'k1', T0, rules);
      const skipped = capped(await caps.reserve(WS, customer, 'email', 'k2', T0, rules));
      expect(await caps.release(WS, customer, 'email', 'k2')).toBe(false);
      expect(await caps.reserve(WS, customer, 'email', 'k2', T0 + 2 * DAY, rules)).toEqual({
        ...skipped,
        replayed: true,
      });
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0)).toBe(1);
    });

    it('re-installs its scripts after Redis forgot them (NOSCRIPT)', async () => {
      const customer = newCustomer();
      await caps.reserve(WS, customer, 'email', 'k1', T0, []);
      await redis.script('FLUSH');
      expect((await caps.reserve(WS, customer, 'email', 'k2', T0, emailTwiceADay('skip'))).allowed).toBe(
        true,
      );
      expect(await caps.release(WS, customer, 'email', 'k2')).toBe(true);
    });
  });

  describe('reading without reserving', () => {
    it('countRecent reads the counters and records nothing', async () => {
      const customer = newCustomer();
      await caps.reserve(WS, customer, 'email', 'k1', T0, []);
      await caps.reserve(WS, customer, 'email', 'k2', T0 + 12 * HOUR, []);
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0 + 13 * HOUR)).toBe(2);
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0 + DAY)).toBe(1);
      expect(await caps.countRecent(WS, customer, 'email', HOUR, T0 + 12.5 * HOUR)).toBe(1);
      expect(await caps.countRecent(WS, customer, 'email', HOUR, T0 + 13 * HOUR)).toBe(0); // exactly an hour old: out
      expect(await caps.countRecent(WS, customer, 'email', DAY, T0 + 13 * HOUR)).toBe(2);
      expect(await caps.countRecent(WS, 'cus_never_seen', 'email', DAY, T0)).toBe(0);
      expect(await redis.keys(`${prefix}:*cus_never_seen*`)).toEqual([]);
    });

    it('recentSends lists the channel and time of each send since a moment, newest first', async () => {
      const customer = newCustomer();
      await caps.reserve(WS, customer, 'sms', 'a', T0, []);
      await caps.reserve(WS, customer, 'email', 'b', T0 + HOUR, []);
      await caps.reserve(WS, customer, 'push', 'c', T0 + 2 * HOUR, []);
      expect(await caps.recentSends(WS, customer, T0 + HOUR)).toEqual([
        { channel: 'push', at: T0 + 2 * HOUR },
        { channel: 'email', at: T0 + HOUR },
      ]);
      expect(await caps.recentSends(WS, customer, T0, 1)).toEqual([{ channel: 'push', at: T0 + 2 * HOUR }]);
    });

    it('rejects a window or time that is not whole milliseconds, naming the argument', async () => {
      await expect(caps.countRecent(WS, 'c', 'email', 0, T0)).rejects.toThrow(/windowMs must be a positive/);
      await expect(caps.reserve(WS, 'c', 'email', 'k', Number.NaN, [])).rejects.toThrow(/now must be epoch/);
      await expect(caps.reserve(WS, 'c', 'fax' as 'email', 'k', T0, [])).rejects.toThrow(
        /channel must be one of/,
      );
      await expect(caps.reserve('', 'c', 'email', 'k', T0, [])).rejects.toThrow(
        /workspaceId must be a non-empty/,
      );
      await expect(
        caps.reserve(WS, 'c', 'email', 'k', T0, [
          { channel: 'email', limit: 0, window: 'P1D', onCapped: 'skip' },
        ]),
      ).rejects.toThrow(/rules\[0\]\.limit/);
    });
  });

  describe('keys', () => {
    it('carry the workspace id, expire after the longest window, and drop sends older than it', async () => {
      const customer = newCustomer();
      const shortRetention = new RedisFrequencyCaps(redis, { keyPrefix: prefix, minRetention: 'PT1H' });
      const weekly: CapRule[] = [{ channel: 'email', limit: 1, window: 'P7D', onCapped: 'skip' }];
      await shortRetention.reserve(WS, customer, 'email', 'old', T0, weekly);
      await shortRetention.reserve(WS, customer, 'email', 'new', T0 + 8 * DAY, weekly);
      expect(
        (await shortRetention.reserve(WS, customer, 'email', 'capped', T0 + 8 * DAY, weekly)).allowed,
      ).toBe(false);

      const keys = (await redis.keys(`${prefix}:*${customer}*`)).sort();
      expect(keys).toEqual([
        `${prefix}:{${WS}/${customer}}:decision:capped`,
        `${prefix}:{${WS}/${customer}}:sends:all`,
        `${prefix}:{${WS}/${customer}}:sends:email`,
      ]);
      for (const key of keys) {
        expect(key).toContain(`{${WS}/${customer}}`);
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(7 * DAY - 60_000);
        expect(ttl).toBeLessThanOrEqual(7 * DAY);
      }
      // The send from 8 days ago is past every window: trimmed, not kept forever.
      expect(await shortRetention.recentSends(WS, customer, 0)).toEqual([
        { channel: 'email', at: T0 + 8 * DAY },
      ]);
    });

    it('keeps workspaces apart: the same customer id in two workspaces has two budgets', async () => {
      const customer = newCustomer();
      const rules: CapRule[] = [{ channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' }];
      expect((await caps.reserve('ws_a', customer, 'email', 'k1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve('ws_b', customer, 'email', 'k1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve('ws_a', customer, 'email', 'k2', T0, rules)).allowed).toBe(false);
    });

    it('cannot be confused by ids containing separators', async () => {
      const rules: CapRule[] = [{ channel: 'email', limit: 1, window: 'P1D', onCapped: 'skip' }];
      expect((await caps.reserve('ws:x', 'y}/z', 'email', 'k1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve('ws', 'x}/y:z', 'email', 'k1', T0, rules)).allowed).toBe(true);
      expect((await caps.reserve('ws:x/y', 'z', 'email', 'k1', T0, rules)).allowed).toBe(true);
    });
  });
});
