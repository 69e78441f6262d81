/** SEMANTICS.md "Pause": instances hold where they stand; due timers fire on resume in deadline order. */
import { DAY, Harness, HOUR, T0, graph, version } from '../__tests__/harness';
import type { Token } from '../model/instance';

function twoWaitsJourney(): Harness {
  return Harness.of(
    [
      ['start', 'manual_entry'],
      ['w', 'wait', { duration: 'P1D' }],
      ['after', 'send_email', { template: 'after' }],
      ['w_for_event', 'wait_for_event', { event: 'clicked' }],
    ],
    [
      ['start', 'next', 'w'],
      ['w', 'next', 'after'],
      ['after', 'next', 'w_for_event'],
    ],
  );
}

describe('pausing an instance', () => {
  it('holds the token: a timer that comes due is only marked, and fires on resume', () => {
    const h = twoWaitsJourney();
    h.enter();
    h.signal({ kind: 'pause' });
    expect(h.instance.status).toBe('paused');
    const fired = h.at(T0 + DAY).fire();
    expect(fired.effects).toEqual([]);
    expect(h.waitingToken().firedWhilePaused).toBe(true);
    expect(h.instance.status).toBe('paused');
    expect(h.sends()).toEqual([]);

    const resumed = h.at(T0 + 2 * DAY).signal({ kind: 'resume' });
    expect(resumed.trace[0]).toMatchObject({ type: 'resumed' });
    expect(h.sends()).toEqual(['after']);
    expect(h.instance.status).toBe('waiting');
  });

  it('records events while paused but moves nothing', () => {
    const h = twoWaitsJourney();
    h.enter();
    h.at(T0 + DAY).fire();
    h.signal({ kind: 'pause' });
    const result = h.event('clicked');
    expect(result.trace.map((t) => t.type)).toEqual(['event_received']);
    expect(h.waitingToken().nodeId).toBe('w_for_event');
  });

  it('still lets the customer leave: the exit signal works while paused', () => {
    const h = twoWaitsJourney();
    h.enter();
    h.signal({ kind: 'pause' });
    const result = h.signal({ kind: 'exit', reason: 'operator' });
    expect(result.effects.map((e) => e.kind)).toEqual(['cancel_timer']);
    expect(h.instance.status).toBe('exited');
  });

  it('re-checks exit criteria on resume, before anything is sent', () => {
    const h = new Harness(
      version({ ...twoWaitsJourney().published.graph, exitCriteria: 'customer.unsubscribed == true' }),
    );
    h.enter();
    h.signal({ kind: 'pause' });
    h.at(T0 + DAY).fire();
    h.customer = { unsubscribed: true };
    h.signal({ kind: 'resume' });
    expect(h.instance.status).toBe('exited');
    expect(h.sends()).toEqual([]);
  });

  it('fires the timers that came due while paused in deadline order, not arrival order', () => {
    // Two tokens (as a parallel split would leave them) waiting at different deadlines.
    const published = version(
      graph(
        [
          ['start', 'manual_entry'],
          ['w_late', 'wait', { duration: 'PT2H' }],
          ['w_early', 'wait', { duration: 'PT1H' }],
          ['late_mail', 'send_email', { template: 'late' }],
          ['early_mail', 'send_email', { template: 'early' }],
        ],
        [
          ['start', 'next', 'w_late'],
          ['w_late', 'next', 'late_mail'],
          ['w_early', 'next', 'early_mail'],
        ],
      ),
    );
    const h = new Harness(published);
    const waitingAt = (nodeId: string, timerId: string, dueAt: number, id: string): Token => ({
      id,
      nodeId,
      state: 'waiting',
      wait: { kind: 'timer', waitId: `wait-${id}`, timerId, startedAt: T0, dueAt },
    });
    h.instance = {
      ...h.instance,
      status: 'waiting',
      executed: ['start', 'w_late', 'w_early'],
      tokens: [
        waitingAt('w_late', 'tmr-late', T0 + 2 * HOUR, 'tok-a'),
        waitingAt('w_early', 'tmr-early', T0 + HOUR, 'tok-b'),
      ],
    };
    h.signal({ kind: 'pause' });
    h.at(T0 + 3 * HOUR);
    h.signal({ kind: 'timer_fired', timerId: 'tmr-late' });
    h.signal({ kind: 'timer_fired', timerId: 'tmr-early' });
    expect(h.sends()).toEqual([]);
    h.signal({ kind: 'resume' });
    expect(h.sends()).toEqual(['early', 'late']);
    expect(h.instance.status).toBe('completed');
  });
});

describe('a paused journey (facts.journeyPaused)', () => {
  it('holds instances like an instance pause, and a resume fires the deferred timers once the journey runs', () => {
    const h = twoWaitsJourney();
    h.enter();
    h.journeyPaused = true;
    h.at(T0 + DAY).fire();
    expect(h.waitingToken().firedWhilePaused).toBe(true);
    expect(h.instance.status).toBe('waiting');

    h.signal({ kind: 'resume' }); // the journey is still paused: nothing fires yet
    expect(h.sends()).toEqual([]);
    h.journeyPaused = false;
    h.signal({ kind: 'resume' });
    expect(h.sends()).toEqual(['after']);
  });

  it('holds a new entry at its entry node until resume', () => {
    const h = twoWaitsJourney();
    h.journeyPaused = true;
    h.enter();
    expect(h.instance).toMatchObject({ status: 'active', executed: [] });
    h.journeyPaused = false;
    h.signal({ kind: 'resume' });
    expect(h.instance.status).toBe('waiting');
    expect(h.instance.executed).toEqual(['start', 'w']);
  });
});
