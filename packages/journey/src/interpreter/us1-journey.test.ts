import { Harness, SECOND, T0, version } from '../__tests__/harness';
import { US1_JOURNEY } from '../__tests__/us1-journey';
import { sendKey } from '../hash';
import { validateGraph } from '../validation';

describe('US-1 journey: welcome, then upsell on open or reminder on timeout', () => {
  const start = (): Harness => {
    const harness = new Harness(version(US1_JOURNEY));
    harness.enter({ source: 'signup' });
    return harness;
  };

  it('is a valid graph', () => {
    expect(validateGraph(US1_JOURNEY)).toEqual({ ok: true, errors: [] });
  });

  it('sends the welcome email on entry and waits for the open with a 5 s timeout', () => {
    const harness = start();
    expect(harness.effects).toEqual([
      {
        kind: 'send',
        id: sendKey('inst-1', 'welcome', 1),
        channel: 'email',
        sendKey: sendKey('inst-1', 'welcome', 1),
        nodeId: 'welcome',
        visit: 1,
        config: { template: 'welcome' },
      },
      expect.objectContaining({ kind: 'schedule_timer', dueAt: T0 + 5 * SECOND, nodeId: 'wait_open' }),
    ]);
    expect(harness.instance.status).toBe('waiting');
  });

  it('routes a customer who opened the email to the upsell branch, and ignores the late timeout', () => {
    const harness = start();
    const timerId = harness.timerAt('wait_open');
    harness.at(T0 + 2 * SECOND).event('email_opened');
    expect(harness.sends()).toEqual(['welcome', 'upsell']);
    expect(harness.effects).toContainEqual(expect.objectContaining({ kind: 'cancel_timer', timerId }));
    expect(harness.instance.status).toBe('completed');

    const late = harness.at(T0 + 5 * SECOND).signal({ kind: 'timer_fired', timerId });
    expect(late.effects).toEqual([]);
    expect(late.trace.map((t) => t.type)).toEqual(['late_signal_ignored']);
    expect(harness.sends()).toEqual(['welcome', 'upsell']);
  });

  it('routes a customer who did not open within 5 s to the reminder, and a later open does nothing', () => {
    const harness = start();
    harness.at(T0 + 5 * SECOND).fire('wait_open');
    expect(harness.sends()).toEqual(['welcome', 'reminder']);
    expect(harness.instance.status).toBe('completed');

    const late = harness.at(T0 + 6 * SECOND).event('email_opened');
    expect(late.effects).toEqual([]);
    expect(harness.sends()).toEqual(['welcome', 'reminder']);
  });
});
