/** Entering a journey, and the purity of `step`. */
import { HOUR, Harness, T0, graph, version } from '../__tests__/harness';
import type { InstanceState } from '../model/instance';
import { MAX_NODES_PER_STEP, matchingEventEntries, newInstance, step } from './index';

describe('entering a journey', () => {
  it('starts at the entry node, stores the context and runs on to the first wait', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'P1D' }],
      ],
      [['start', 'next', 'w']],
    );
    harness.enter({ orderId: 'o-1' });
    expect(harness.instance).toMatchObject({
      status: 'waiting',
      context: { orderId: 'o-1' },
      executed: ['start', 'w'],
    });
    expect(harness.traceTypes()).toEqual([
      'instance_started',
      'node_entered',
      'node_completed',
      'node_entered',
      'waiting',
    ]);
  });

  it('says in each node_entered line what the node is: its kind and its name, else its id', () => {
    const g = graph(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'P3D' }],
      ],
      [['start', 'next', 'w']],
    );
    g.nodes[1] = { ...g.nodes[1], name: 'Wait 3 days' };
    const harness = new Harness(version(g));
    harness.enter();
    expect(harness.trace.filter((t) => t.type === 'node_entered').map((t) => t.message)).toEqual([
      "entered manual_entry 'start'",
      "entered wait 'Wait 3 days'",
    ]);
  });

  it('also starts at an event_entry node', () => {
    const harness = Harness.of([['on_signup', 'event_entry', { event: 'signed_up' }]], []);
    harness.enter({ plan: 'pro' });
    expect(harness.instance.status).toBe('completed');
    expect(harness.instance.visits).toEqual({ on_signup: 1 });
  });

  it('fails the instance, with a reason, when the entry node is not an entry of the graph', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['bye', 'exit'],
      ],
      [['start', 'next', 'bye']],
    );
    harness.enter({}, 'bye');
    expect(harness.instance).toMatchObject({
      status: 'failed',
      statusReason: 'entry node "bye" is of type exit, not an entry node in version 1',
    });
    const other = Harness.of([['start', 'manual_entry']], []);
    other.enter({}, 'nowhere');
    expect(other.instance.statusReason).toBe('entry node "nowhere" does not exist in version 1');
  });

  it('ignores a second enter as late', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'P1D' }],
      ],
      [['start', 'next', 'w']],
    );
    harness.enter();
    const again = harness.enter();
    expect(again.trace.map((t) => t.type)).toEqual(['late_signal_ignored']);
    expect(again.effects).toEqual([]);
    expect(again.instance.visits).toEqual({ start: 1, w: 1 });
  });
});

describe('step is pure', () => {
  it('never mutates the instance, signal or facts it is given', () => {
    const published = version(
      graph(
        [
          ['start', 'manual_entry'],
          ['w', 'wait', { duration: 'PT1H' }],
        ],
        [['start', 'next', 'w']],
      ),
    );
    const fresh = newInstance({
      id: 'i',
      workspaceId: 'ws',
      journeyId: 'j',
      version: 1,
      customerId: 'c',
      now: T0,
    });
    const frozen = deepFreeze(structuredClone(fresh));
    const entered = step(
      published,
      frozen,
      deepFreeze({ kind: 'enter', id: 's1', entryNodeId: 'start', context: { a: 1 } }),
      T0,
      deepFreeze({ customer: {} }),
    );
    expect(frozen).toEqual(fresh);
    const waiting: InstanceState = deepFreeze(entered.instance);
    const timerId = waiting.tokens[0].wait!.timerId!;
    const fired = step(published, waiting, { kind: 'timer_fired', id: 's2', timerId }, T0 + HOUR, {
      customer: {},
    });
    expect(fired.instance.status).toBe('completed');
    expect(waiting.status).toBe('waiting');
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

describe('matchingEventEntries', () => {
  const journey = graph(
    [
      ['any_signup', 'event_entry', { event: 'signed_up' }],
      ['pro_signup', 'event_entry', { event: 'signed_up', filter: "event.properties.plan == 'pro'" }],
      ['broken', 'event_entry', { event: 'signed_up', filter: 'event.properties.plan =' }],
      ['manual', 'manual_entry'],
      ['on_purchase', 'event_entry', { event: 'purchase' }],
    ],
    [],
  );
  const signup = (plan: string) => ({ id: 'e1', name: 'signed_up', properties: { plan }, timestamp: T0 });

  it('lists the event entries whose event matches and whose filter holds', () => {
    expect(matchingEventEntries(journey, signup('pro'), {}, T0)).toEqual(['any_signup', 'pro_signup']);
    expect(matchingEventEntries(journey, signup('free'), {}, T0)).toEqual(['any_signup']);
  });

  it('treats a filter that cannot be evaluated as not matching', () => {
    expect(matchingEventEntries(journey, signup('pro'), {}, T0)).not.toContain('broken');
  });
});

describe('a held instance (a migration put it aside)', () => {
  it('does not move when its timer comes due, and pause/resume leave it held', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'PT1H' }],
      ],
      [['start', 'next', 'w']],
    );
    h.enter();
    h.instance = { ...h.instance, status: 'held', statusReason: 'node removed in v2' };
    h.at(T0 + 2 * HOUR).fire();
    h.signal({ kind: 'pause' });
    h.signal({ kind: 'resume' });
    expect(h.instance).toMatchObject({ status: 'held', executed: ['start', 'w'] });
    expect(h.waitingToken().firedWhilePaused).toBe(true);
  });
});

describe('guards against a graph that never passed validation', () => {
  it('fails an instance caught in a cycle instead of looping forever', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['a', 'goal_reached'],
        ['b', 'goal_reached'],
      ],
      [
        ['start', 'next', 'a'],
        ['a', 'next', 'b'],
        ['b', 'next', 'a'],
      ],
    );
    h.enter();
    expect(h.instance.status).toBe('failed');
    expect(h.instance.statusReason).toBe(
      `more than ${MAX_NODES_PER_STEP} nodes executed in one step; the graph probably has a cycle`,
    );
  });

  it('fails an instance whose token sits at a node the version does not have', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait', { duration: 'PT1H' }],
      ],
      [['start', 'next', 'w']],
    );
    h.enter();
    h.instance = { ...h.instance, tokens: h.instance.tokens.map((t) => ({ ...t, nodeId: 'gone' })) };
    h.at(T0 + HOUR).fire('gone');
    expect(h.instance).toMatchObject({
      status: 'failed',
      statusReason: 'token is at node "gone", which version 1 does not have',
    });
  });
});
