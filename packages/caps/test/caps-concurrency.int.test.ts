/**
 * The acceptance test: three journeys target the same customers, the workspace caps email
 * at 2 a day; fired concurrently over several connections, no customer gets a third email.
 */
import type { Redis } from '@kalcifer/platform';
import { RedisFrequencyCaps, type CapDecision, type CapRule } from '../src';
import { closeAll, DAY, deleteKeys, HOUR, openConnections, T0, uniquePrefix } from './caps-support';

const CONNECTIONS = 8;
// 1,800 reservations per round; generous because the test machine is shared.
jest.setTimeout(60_000);
const JOURNEYS = ['welcome', 'promo', 'winback'];
const CUSTOMERS = Array.from({ length: 200 }, (_, i) => `cus_${i}`);
const SENDS_PER_JOURNEY = 3;
const EMAIL_TWICE_A_DAY: CapRule[] = [{ channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' }];

interface PlannedSend {
  customerId: string;
  sendKey: string;
  now: number;
}

// Every journey sends to every customer three times within the same few hours.
const planned: PlannedSend[] = JOURNEYS.flatMap((journey, j) =>
  CUSTOMERS.flatMap((customerId, c) =>
    Array.from({ length: SENDS_PER_JOURNEY }, (_, visit) => ({
      customerId,
      sendKey: `${journey}.${customerId}.send_email.${visit}`,
      now: T0 + ((j * 7 + c * 13 + visit * 31) % 180) * 60_000,
    })),
  ),
);

describe('frequency cap across journeys under concurrency', () => {
  let connections: Redis[];
  let caps: RedisFrequencyCaps[];
  const prefix = uniquePrefix('concurrency');

  beforeAll(async () => {
    connections = await openConnections(CONNECTIONS);
    caps = connections.map((redis) => new RedisFrequencyCaps(redis, { keyPrefix: prefix }));
  });

  afterAll(async () => {
    await deleteKeys(connections[0], prefix);
    await closeAll(connections);
  });

  async function fireAll(workspaceId: string, sends: PlannedSend[]): Promise<Map<string, CapDecision>> {
    // Interleave journeys and customers and spread the calls over all connections at once.
    const shuffled = [...sends].sort((a, b) => hash(a.sendKey) - hash(b.sendKey));
    const decisions = await Promise.all(
      shuffled.map((send, i) =>
        caps[i % CONNECTIONS].reserve(
          workspaceId,
          send.customerId,
          'email',
          send.sendKey,
          send.now,
          EMAIL_TWICE_A_DAY,
        ),
      ),
    );
    return new Map(shuffled.map((send, i) => [send.sendKey, decisions[i]]));
  }

  it('lets exactly 2 emails through per customer and caps every other send, whatever journey it comes from', async () => {
    const decisions = await fireAll('ws_three_journeys', planned);

    expect(decisions.size).toBe(JOURNEYS.length * CUSTOMERS.length * SENDS_PER_JOURNEY);
    for (const customerId of CUSTOMERS) {
      const mine = planned.filter((s) => s.customerId === customerId).map((s) => decisions.get(s.sendKey)!);
      expect(mine.filter((d) => d.allowed)).toHaveLength(2);
      expect(mine.filter((d) => !d.allowed)).toHaveLength(7);
      for (const decision of mine) {
        if (!decision.allowed) expect(decision.rule).toEqual(EMAIL_TWICE_A_DAY[0]);
      }
      expect(await caps[0].countRecent('ws_three_journeys', customerId, 'email', DAY, T0 + 3 * HOUR)).toBe(2);
    }
  });

  it('gives every retried send key its first answer again and counts nothing twice', async () => {
    const first = await fireAll('ws_retries', planned);
    const retried = await fireAll('ws_retries', planned);

    expect(first.size).toBe(planned.length);
    expect([...first.values()].some((d) => d.replayed)).toBe(false);
    for (const [sendKey, decision] of retried) {
      expect({ ...decision, replayed: false }).toEqual({ ...first.get(sendKey)!, replayed: false });
      expect(decision.replayed).toBe(true);
    }
    const counts = await Promise.all(
      CUSTOMERS.map((customerId) =>
        caps[1].countRecent('ws_retries', customerId, 'email', DAY, T0 + 3 * HOUR),
      ),
    );
    expect(new Set(counts)).toEqual(new Set([2]));
  });

  it("holds a '*' rule and a per-channel rule together when channels race each other", async () => {
    const rules: CapRule[] = [
      { channel: '*', limit: 4, window: 'P1D', onCapped: 'delay' },
      { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
    ];
    const channels = ['email', 'sms', 'push'] as const;
    const sends = CUSTOMERS.slice(0, 100).flatMap((customerId) =>
      channels.flatMap((channel) =>
        [0, 1, 2].map((n) => ({
          customerId,
          channel,
          sendKey: `${channel}.${customerId}.${n}`,
          now: T0 + n * HOUR,
        })),
      ),
    );
    const shuffled = [...sends].sort((a, b) => hash(a.sendKey) - hash(b.sendKey));
    const decisions = await Promise.all(
      shuffled.map((s, i) =>
        caps[i % CONNECTIONS].reserve('ws_mixed', s.customerId, s.channel, s.sendKey, s.now, rules),
      ),
    );
    for (const customerId of CUSTOMERS.slice(0, 100)) {
      const allowed = shuffled.filter((s, i) => s.customerId === customerId && decisions[i].allowed);
      // 9 attempts, 6 of them not email: the '*' budget of 4 is always filled, never exceeded.
      expect(allowed).toHaveLength(4);
      expect(allowed.filter((s) => s.channel === 'email').length).toBeLessThanOrEqual(2);
      expect(await caps[2].countRecent('ws_mixed', customerId, '*', DAY, T0 + 3 * HOUR)).toBe(4);
    }
  });
});

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
