/** wait, wait_until and wait_for_event nodes (the races themselves are in waiting.test.ts). */
import { DAY, Harness, MINUTE, T0 } from '../__tests__/harness';

describe('wait', () => {
  const harness = (): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'PT30M' }],
        ['after', 'send_email', { template: 'after' }],
      ],
      [
        ['start', 'next', 'w'],
        ['w', 'next', 'after'],
      ],
    );

  it('stores an absolute deadline and schedules a timer for it', () => {
    const h = harness();
    h.enter();
    const token = h.waitingToken('w');
    expect(token.wait).toMatchObject({ kind: 'timer', startedAt: T0, dueAt: T0 + 30 * MINUTE });
    expect(h.effects).toEqual([
      expect.objectContaining({
        kind: 'schedule_timer',
        timerId: token.wait!.timerId,
        dueAt: T0 + 30 * MINUTE,
        nodeId: 'w',
      }),
    ]);
  });

  it('continues by `next` when the timer fires at or after the deadline', () => {
    const h = harness();
    h.enter();
    h.at(T0 + 31 * MINUTE).fire('w');
    expect(h.sends()).toEqual(['after']);
    expect(h.instance.status).toBe('completed');
  });

  it('continues at once for a zero duration', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'PT0S' }],
      ],
      [['start', 'next', 'w']],
    );
    h.enter();
    expect(h.effects).toEqual([]);
    expect(h.instance.status).toBe('completed');
  });
});

describe('wait_until', () => {
  const build = (until: string): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait_until', { until }],
        ['after', 'send_email', { template: 'after' }],
      ],
      [
        ['start', 'next', 'w'],
        ['w', 'next', 'after'],
      ],
    );

  it('waits until the date-time', () => {
    const h = build('2025-01-02T09:00:00+01:00');
    h.enter();
    expect(h.waitingToken().wait).toMatchObject({ dueAt: Date.UTC(2025, 0, 2, 8) });
    h.fireWhenDue();
    expect(h.sends()).toEqual(['after']);
  });

  it('continues at once when the date-time is already past', () => {
    const h = build('2024-12-31T00:00:00Z');
    h.enter();
    expect(h.sends()).toEqual(['after']);
    expect(h.trace).toContainEqual(
      expect.objectContaining({
        type: 'node_completed',
        nodeId: 'w',
        message: expect.stringContaining('deadline already passed'),
      }),
    );
  });
});

describe('wait_for_event', () => {
  it('waits for the event with a timeout timer, traced as waiting', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait_for_event', { event: 'paid', timeout: 'P3D' }],
        ['a', 'exit'],
        ['b', 'exit'],
      ],
      [
        ['start', 'next', 'w'],
        ['w', 'event', 'a'],
        ['w', 'timeout', 'b'],
      ],
    );
    h.enter();
    expect(h.waitingToken('w').wait).toMatchObject({ kind: 'event', event: 'paid', dueAt: T0 + 3 * DAY });
    expect(h.trace.at(-1)).toMatchObject({
      type: 'waiting',
      message: 'waiting for event "paid" until 2025-01-04T09:00:00.000Z',
    });
    expect(h.effects.map((e) => e.kind)).toEqual(['schedule_timer']);
  });

  it('without a timeout, waits indefinitely and schedules nothing', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait_for_event', { event: 'paid' }],
      ],
      [['start', 'next', 'w']],
    );
    h.enter();
    expect(h.effects).toEqual([]);
    expect(h.waitingToken('w').wait).not.toHaveProperty('timerId');
    h.event('paid');
    expect(h.instance.status).toBe('completed');
  });
});
