/** SEMANTICS.md "Waiting": races between events and timeouts, correlation, late and early signals. */
import { DAY, Harness, HOUR, T0, type NodeSpec, type EdgeSpec } from '../__tests__/harness';
import { PROCESSED_SIGNALS_KEPT } from './index';

const NODES: NodeSpec[] = [
  ['start', 'manual_entry'],
  ['wait_paid', 'wait_for_event', { event: 'order_paid', timeout: 'P3D', correlationKey: 'orderId' }],
  ['thanks', 'send_email', { template: 'thanks' }],
  ['nudge', 'send_email', { template: 'nudge' }],
];
const EDGES: EdgeSpec[] = [
  ['start', 'next', 'wait_paid'],
  ['wait_paid', 'event', 'thanks'],
  ['wait_paid', 'timeout', 'nudge'],
];

function waitingForPayment(context: Record<string, unknown> = { orderId: 'o-1' }): Harness {
  const harness = Harness.of(NODES, EDGES);
  harness.enter(context);
  return harness;
}

describe('wait_for_event races the event against the timeout', () => {
  it('the event wins: the token moves by `event`, the timeout is cancelled, and the timer arriving later is ignored', () => {
    const h = waitingForPayment();
    const timerId = h.timerAt('wait_paid');
    const won = h.at(T0 + HOUR).event('order_paid', { orderId: 'o-1' });
    expect(won.effects).toEqual([
      expect.objectContaining({ kind: 'cancel_timer', timerId }),
      expect.objectContaining({ kind: 'send', nodeId: 'thanks' }),
    ]);
    const late = h.at(T0 + 3 * DAY).signal({ kind: 'timer_fired', timerId });
    expect(late.effects).toEqual([]);
    expect(late.trace).toEqual([expect.objectContaining({ type: 'late_signal_ignored' })]);
    expect(h.sends()).toEqual(['thanks']);
  });

  it('the timeout wins: the token moves by `timeout`, and the event arriving later does nothing', () => {
    const h = waitingForPaymentWithFollowUp();
    h.at(T0 + 3 * DAY).fire('wait_paid');
    expect(h.sends()).toEqual(['nudge']);
    const late = h.at(T0 + 3 * DAY + HOUR).event('order_paid', { orderId: 'o-1' });
    expect(late.effects).toEqual([]);
    expect(late.trace.map((t) => t.type)).toEqual(['event_received']);
    expect(h.sends()).toEqual(['nudge']);
  });
});

/** The nudge path ends in a second wait, so the instance is still live when the late event comes. */
function waitingForPaymentWithFollowUp(): Harness {
  const h = Harness.of(
    [...NODES, ['wait_more', 'wait', { duration: 'P7D' }]],
    [...EDGES, ['nudge', 'next', 'wait_more']],
  );
  h.enter({ orderId: 'o-1' });
  return h;
}

describe('correlation key', () => {
  it('only an event whose property equals the entry context value counts', () => {
    const h = waitingForPayment({ orderId: 'o-1' });
    const other = h.event('order_paid', { orderId: 'o-2' });
    expect(other.effects).toEqual([]);
    expect(h.instance.status).toBe('waiting');
    h.event('order_paid', {});
    expect(h.instance.status).toBe('waiting');
    h.event('order_paid', { orderId: 'o-1' });
    expect(h.sends()).toEqual(['thanks']);
  });

  it('stores the correlation value with the wait', () => {
    const h = waitingForPayment({ orderId: 42 });
    expect(h.waitingToken().wait).toMatchObject({ correlation: { property: 'orderId', value: 42 } });
  });

  it('matches nothing when the entry context has no value for the key', () => {
    const h = waitingForPayment({});
    h.event('order_paid', {});
    h.event('order_paid', { orderId: null });
    expect(h.instance.status).toBe('waiting');
    h.fireWhenDue();
    expect(h.sends()).toEqual(['nudge']);
  });
});

describe('events nobody waits for', () => {
  it('are recorded in the trace and move nothing', () => {
    const h = waitingForPayment();
    const before = h.instance.tokens;
    const result = h.event('page_viewed', { path: '/pricing' });
    expect(result.trace).toEqual([
      expect.objectContaining({
        type: 'event_received',
        data: expect.objectContaining({ name: 'page_viewed' }),
      }),
    ]);
    expect(result.effects).toEqual([]);
    expect(h.instance.tokens).toEqual(before);
  });
});

describe('timers', () => {
  it('never fire before their deadline: an early delivery is re-scheduled with a new effect id', () => {
    const h = waitingForPayment();
    const timerId = h.timerAt();
    const firstSchedule = h.effects.find((e) => e.kind === 'schedule_timer')!;
    const early = h.at(T0 + 2 * DAY).signal({ kind: 'timer_fired', timerId });
    expect(early.effects).toEqual([
      {
        kind: 'schedule_timer',
        id: expect.any(String),
        timerId,
        dueAt: T0 + 3 * DAY,
        tokenId: h.waitingToken().id,
        nodeId: 'wait_paid',
      },
    ]);
    expect(early.effects[0].id).not.toBe(firstSchedule.id);
    expect(h.instance.status).toBe('waiting');
    expect(h.sends()).toEqual([]);
  });

  it('fire late after downtime like on time', () => {
    const h = waitingForPayment();
    h.at(T0 + 10 * DAY).fire();
    expect(h.sends()).toEqual(['nudge']);
  });

  it('for an unknown timer id are ignored as late', () => {
    const h = waitingForPayment();
    const result = h.signal({ kind: 'timer_fired', timerId: 'tmr_unknown' });
    expect(result.effects).toEqual([]);
    expect(result.trace).toEqual([
      expect.objectContaining({ type: 'late_signal_ignored', data: { timerId: 'tmr_unknown' } }),
    ]);
  });
});

describe('every signal is processed at most once', () => {
  it('a repeated signal id changes nothing and returns no effects', () => {
    const h = waitingForPayment();
    const event = {
      kind: 'event' as const,
      id: 'evt-dup',
      event: { id: 'e', name: 'order_paid', properties: { orderId: 'o-1' }, timestamp: T0 },
    };
    h.signal(event);
    const afterFirst = h.instance;
    const again = h.signal(event);
    expect(again).toEqual({ instance: afterFirst, effects: [], trace: [] });
    expect(again.instance).toBe(afterFirst);
    expect(h.sends()).toEqual(['thanks']);
  });

  it(`remembers the last ${PROCESSED_SIGNALS_KEPT} signal ids`, () => {
    const h = waitingForPayment();
    for (let i = 0; i < PROCESSED_SIGNALS_KEPT + 20; i++)
      h.signal({
        kind: 'event',
        id: `p-${i}`,
        event: { id: `p-${i}`, name: 'page_viewed', properties: {}, timestamp: T0 },
      });
    expect(h.instance.processedSignals).toHaveLength(PROCESSED_SIGNALS_KEPT);
    expect(h.instance.processedSignals.at(-1)).toBe(`p-${PROCESSED_SIGNALS_KEPT + 19}`);
  });
});

describe('an ended instance', () => {
  it('ignores every later signal, traced as late, with no effects and no change', () => {
    const h = waitingForPayment();
    h.event('order_paid', { orderId: 'o-1' });
    const ended = h.instance;
    for (const body of [
      {
        kind: 'event',
        event: { id: 'x', name: 'order_paid', properties: { orderId: 'o-1' }, timestamp: T0 },
      },
      { kind: 'timer_fired', timerId: 'tmr_x' },
      { kind: 'exit', reason: 'manual' },
      { kind: 'resume' },
    ] as const) {
      const result = h.signal(body);
      expect(result.instance).toBe(ended);
      expect(result.effects).toEqual([]);
      expect(result.trace).toEqual([
        expect.objectContaining({
          type: 'late_signal_ignored',
          message: expect.stringContaining('the instance has completed'),
        }),
      ]);
    }
  });
});
