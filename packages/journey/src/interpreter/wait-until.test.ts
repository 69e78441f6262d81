/** wait_until by profile attribute and by local date-time in a time zone. */
import { Harness, T0 } from '../__tests__/harness';

const build = (config: Record<string, unknown>): Harness =>
  Harness.of(
    [
      ['start', 'manual_entry'],
      ['w', 'wait_until', config],
      ['after', 'send_email', { template: 'after' }],
    ],
    [
      ['start', 'next', 'w'],
      ['w', 'next', 'after'],
    ],
  );

describe('wait_until with a time zone', () => {
  it('reads a date-time without offset in the node time zone (DST included)', () => {
    const winter = build({ until: '2025-01-02T09:00:00', timezone: 'Europe/Paris' });
    winter.enter();
    expect(winter.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 2, 8));
    const summer = build({ until: '2025-07-02T09:00', timezone: 'Europe/Paris' });
    summer.enter();
    expect(summer.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 6, 2, 7));
  });

  it('lets an explicit offset win over the time zone', () => {
    const harness = build({ until: '2025-01-02T09:00:00Z', timezone: 'Europe/Paris' });
    harness.enter();
    expect(harness.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 2, 9));
  });
});

describe('wait_until with a profile attribute', () => {
  it('waits until the ISO date-time in the attribute', () => {
    const harness = build({ attribute: 'renewalDate' });
    harness.customer = { renewalDate: '2025-02-01T10:00:00Z' };
    harness.enter();
    expect(harness.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 1, 1, 10));
    harness.fireWhenDue();
    expect(harness.sends()).toEqual(['after']);
  });

  it('accepts epoch milliseconds, and local date-times with the node time zone', () => {
    const epoch = build({ attribute: 'at' });
    epoch.customer = { at: T0 + 5000 };
    epoch.enter();
    expect(epoch.waitingToken().wait?.dueAt).toBe(T0 + 5000);
    const local = build({ attribute: 'at', timezone: 'America/New_York' });
    local.customer = { at: '2025-01-05T08:00:00' };
    local.enter();
    expect(local.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 5, 13));
  });

  it('continues at once when the attribute is missing or not a date-time, and says why', () => {
    const missing = build({ attribute: 'renewalDate' });
    missing.customer = {};
    missing.enter();
    expect(missing.sends()).toEqual(['after']);
    expect(missing.trace).toContainEqual(
      expect.objectContaining({ nodeId: 'w', message: expect.stringContaining('"renewalDate" is missing') }),
    );
    const garbage = build({ attribute: 'renewalDate' });
    garbage.customer = { renewalDate: 'next tuesday' };
    garbage.enter();
    expect(garbage.sends()).toEqual(['after']);
    expect(garbage.trace).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('is not a date-time ("next tuesday")') }),
    );
  });

  it('reads the attribute as updated earlier in the same step', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['set', 'update_profile', { set: { trialEnds: '2025-01-08T09:00:00Z' } }],
        ['w', 'wait_until', { attribute: 'trialEnds' }],
      ],
      [
        ['start', 'next', 'set'],
        ['set', 'next', 'w'],
      ],
    );
    harness.enter();
    expect(harness.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 8, 9));
  });
});

describe('wait_until with an offset from the date (a reminder before it, a follow-up after it)', () => {
  it('holds a customer whose class starts at 18:00 until 17:30 with offset -PT30M', () => {
    const harness = build({ attribute: 'classStartsAt', offset: '-PT30M' });
    harness.customer = { classStartsAt: '2025-01-10T18:00:00Z' };
    harness.enter();
    expect(harness.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 10, 17, 30));
    harness.fireWhenDue();
    expect(harness.sends()).toEqual(['after']);
  });

  it('holds until two days after a fixed date with offset P2D (a leading + too)', () => {
    const after = build({ until: '2025-01-10T09:00:00Z', offset: 'P2D' });
    after.enter();
    expect(after.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 12, 9));
    const plus = build({ until: '2025-01-10T09:00:00', timezone: 'Europe/Paris', offset: '+PT1H' });
    plus.enter();
    expect(plus.waitingToken().wait?.dueAt).toBe(Date.UTC(2025, 0, 10, 9));
  });

  it('continues at once when the date minus the offset is already past, though the date is not', () => {
    const harness = build({ attribute: 'renewalDate', offset: '-P30D' });
    harness.customer = { renewalDate: new Date(T0 + 10 * 86_400_000).toISOString() };
    harness.enter();
    expect(harness.sends()).toEqual(['after']);
    expect(harness.trace).toContainEqual(
      expect.objectContaining({ nodeId: 'w', message: expect.stringContaining('deadline already passed') }),
    );
  });

  it('still continues at once, saying why, when the attribute is missing', () => {
    const harness = build({ attribute: 'renewalDate', offset: '-P7D' });
    harness.customer = {};
    harness.enter();
    expect(harness.sends()).toEqual(['after']);
    expect(harness.trace).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('"renewalDate" is missing') }),
    );
  });
});
