/** migrateInstance beyond the table: send windows, parallel, event waits, idempotency, hold, exit, pause. */
import { DAY, graph, Harness, HOUR, T0, version, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import { sendKey } from '../hash';
import { factsOf, migrate, movesOf, type MigratedHarness } from './__tests__/migration-kit';
import { migrateInstance, MigrationError } from './migrate-instance';
import { validateMapping } from './node-mapping';

const chain = (ids: string[]): EdgeSpec[] => ids.slice(1).map((id, i) => [ids[i], 'next', id]);

describe('a send waiting for its send window', () => {
  const nodes = (window?: Record<string, unknown>, body = 'v1 text'): NodeSpec[] => [
    ['A', 'manual_entry'],
    ['S', 'send_sms', { body, ...(window === undefined ? {} : { sendWindow: window }) }],
    ['E', 'send_email', { template: 'after' }],
  ];
  const edges = chain(['A', 'S', 'E']);
  // 18:00 UTC: outside 09:00-17:00, the SMS waits for 09:00 the next day.
  const evening = T0 + 9 * HOUR;
  const enterInTheEvening = (): Harness => {
    const h = Harness.of(nodes({ start: '09:00', end: '17:00', timezone: 'UTC' }), edges);
    h.at(evening).enter();
    expect(h.waitingToken('S').wait).toMatchObject({ purpose: 'send_window', dueAt: T0 + DAY });
    return h;
  };

  it('sends at once, with the v2 config and the visit it was waiting for, when v2 drops the window', () => {
    const h = enterInTheEvening();
    const { outcome, after } = migrate(h, graph(nodes(undefined, 'v2 text'), edges));

    expect(movesOf(outcome)).toEqual(['S>S:send_window_updated']);
    expect(after.sends()).toEqual(['v2 text', 'after']);
    expect(after.effectsOf('send')[0]).toMatchObject({ sendKey: sendKey(h.instance.id, 'S', 1), visit: 1 });
    expect(after.effectsOf('cancel_timer')).toHaveLength(1);
  });

  it('waits for the new window opening when v2 moves the window', () => {
    const h = enterInTheEvening();
    const { outcome, after } = migrate(
      h,
      graph(nodes({ start: '10:00', end: '17:00', timezone: 'UTC' }), edges),
    );

    expect(movesOf(outcome)).toEqual(['S>S:timer_rescheduled']);
    expect(after.waitingToken('S').wait).toMatchObject({ purpose: 'send_window', dueAt: T0 + DAY + HOUR });
    after.fireWhenDue('S');
    expect(after.sends()).toEqual(['v1 text', 'after']);
  });
});

describe('parallel branches migrate branch by branch', () => {
  const nodes: NodeSpec[] = [
    ['A', 'manual_entry'],
    ['P', 'parallel', { branches: ['x', 'y'] }],
    ['X', 'wait', { duration: 'P1D' }],
    ['Y', 'wait', { duration: 'P2D' }],
    ['SX', 'send_email', { template: 'sx' }],
    ['SY', 'send_email', { template: 'sy' }],
  ];
  const edges: EdgeSpec[] = [
    ['A', 'next', 'P'],
    ['P', 'branch:x', 'X'],
    ['P', 'branch:y', 'Y'],
    ['X', 'next', 'SX'],
    ['Y', 'next', 'SY'],
  ];
  const withoutX = graph(
    nodes.filter(([id]) => id !== 'X'),
    [...edges.filter(([from, , to]) => from !== 'X' && to !== 'X'), ['P', 'branch:x', 'SX']],
  );

  it('skips the removed branch node X on its own while the token at Y keeps waiting', () => {
    const h = Harness.of(nodes, edges);
    h.enter();
    const { outcome, after } = migrate(h, withoutX, { policy: 'skip' });

    expect(movesOf(outcome)).toEqual(['X>SX:skip', 'Y>Y:mapped']);
    expect(after.sends()).toEqual(['sx']);
    expect(after.instance.status).toBe('waiting');
    after.fireWhenDue('Y');
    expect(after.sends()).toEqual(['sx', 'sy']);
    expect(after.instance.status).toBe('completed');
  });

  it('exits the whole instance when one branch node is removed with policy exit, cancelling every timer', () => {
    const h = Harness.of(nodes, edges);
    h.enter();
    const timers = [h.timerAt('X'), h.timerAt('Y')];
    const { outcome, after } = migrate(h, withoutX, { policy: 'exit' });

    expect(outcome.kind).toBe('exited');
    expect(after.instance.statusReason).toBe('node X removed in v2');
    expect(after.instance.tokens).toEqual([]);
    expect(
      after
        .effectsOf('cancel_timer')
        .map((e) => e.timerId)
        .sort(),
    ).toEqual([...timers].sort());
    expect(after.effectsOf('schedule_timer')).toEqual([]);
    expect(after.sends()).toEqual([]);
  });

  it('holds one branch and parks the other: its timer fires only after the release', () => {
    const h = Harness.of(nodes, edges);
    h.enter();
    const { outcome, after } = migrate(h, withoutX, { policy: 'hold' });
    expect(outcome.kind).toBe('held');
    expect(movesOf(outcome)).toEqual(['X>-:hold', 'Y>Y:mapped']);

    after.fireWhenDue('Y'); // due while held: deferred
    expect(after.sends()).toEqual([]);
    after.releaseTo('SX');
    expect(after.sends()).toEqual(['sx', 'sy']);
    expect(after.instance.status).toBe('completed');
  });
});

describe('wait_for_event keeps its event and correlation', () => {
  const nodes = (config: Record<string, unknown>): NodeSpec[] => [
    ['A', 'manual_entry'],
    ['W', 'wait_for_event', config],
    ['paid', 'send_email', { template: 'thanks' }],
    ['late', 'send_email', { template: 'reminder' }],
  ];
  const edges: EdgeSpec[] = [
    ['A', 'next', 'W'],
    ['W', 'event', 'paid'],
    ['W', 'timeout', 'late'],
  ];
  const v1 = { event: 'paid', timeout: 'P3D', correlationKey: 'orderId' };

  function waiting(): Harness {
    const h = Harness.of(nodes(v1), edges);
    h.enter({ orderId: 'o-1' });
    h.at(T0 + HOUR);
    return h;
  }

  it('keeps the correlation value captured on arrival when only the timeout changes', () => {
    const h = waiting();
    const { after } = migrate(h, graph(nodes({ ...v1, timeout: 'P1D' }), edges));

    expect(after.waitingToken('W').wait).toMatchObject({
      event: 'paid',
      correlation: { property: 'orderId', value: 'o-1' },
      dueAt: T0 + DAY,
    });
    after.event('paid', { orderId: 'o-2' });
    expect(after.sends()).toEqual([]);
    after.event('paid', { orderId: 'o-1' });
    expect(after.sends()).toEqual(['thanks']);
  });

  it('waits for the renamed event under the new config, keeping its start and correlation', () => {
    const h = waiting();
    const { outcome, after } = migrate(h, graph(nodes({ ...v1, event: 'order_paid' }), edges));

    expect(movesOf(outcome)).toEqual(['W>W:event_wait_updated']);
    expect(after.effects).toEqual([]); // same timeout, same timer
    after.event('paid', { orderId: 'o-1' });
    expect(after.sends()).toEqual([]);
    after.event('order_paid', { orderId: 'o-1' });
    expect(after.sends()).toEqual(['thanks']);
  });

  it('takes the timeout branch at once when the shorter timeout is already past', () => {
    const h = waiting();
    h.at(T0 + 2 * DAY);
    const { outcome, after } = migrate(h, graph(nodes({ ...v1, timeout: 'P1D' }), edges));

    expect(movesOf(outcome)).toEqual(['W>W:deadline_passed']);
    expect(after.sends()).toEqual(['reminder']);
  });

  it('cancels the timeout timer when v2 waits without a timeout', () => {
    const h = waiting();
    const timer = h.timerAt('W');
    const { after } = migrate(
      h,
      graph(nodes({ event: 'paid', correlationKey: 'orderId' }), [edges[0], edges[1]]),
    );

    expect(after.effects).toEqual([expect.objectContaining({ kind: 'cancel_timer', timerId: timer })]);
    expect(after.waitingToken('W').wait).not.toHaveProperty('dueAt');
  });
});

describe('idempotency', () => {
  const nodes = (d: string): NodeSpec[] => [
    ['A', 'manual_entry'],
    ['W', 'wait', { duration: d }],
    ['E', 'send_email', { template: 'e' }],
  ];
  const edges = chain(['A', 'W', 'E']);

  it('is unchanged when the same migration is applied again, and when the instance is already on the version', () => {
    const h = Harness.of(nodes('P3D'), edges);
    h.enter();
    const { outcome, after, spec } = migrate(h, graph(nodes('P5D'), edges));
    expect(outcome.kind).toBe('migrated');

    const again = migrateInstance(h.published, after.instance, spec, after.now, factsOf(after));
    expect(again).toEqual({ kind: 'unchanged', reason: 'already migrated by migration mig-1' });
    const other = migrateInstance(
      h.published,
      after.instance,
      { ...spec, migrationId: 'mig-2' },
      after.now,
      factsOf(after),
    );
    expect(other).toEqual({ kind: 'unchanged', reason: 'already on version 2' });
  });

  it('gives the same instance, effects and trace when the same inputs are migrated twice (a retried command)', () => {
    const h = Harness.of(nodes('P3D'), edges);
    h.enter();
    const first = migrate(h, graph(nodes('P5D'), edges));
    const second = migrate(h, graph(nodes('P5D'), edges));
    expect(second.outcome).toEqual(first.outcome);
  });

  it('leaves ended instances alone and records every migration on the instance', () => {
    const h = Harness.of(nodes('P3D'), edges);
    h.enter();
    const { after } = migrate(h, graph(nodes('P5D'), edges));
    expect(after.instance.migrations).toEqual([
      { migrationId: 'mig-1', fromVersion: 1, toVersion: 2, at: T0 },
    ]);
    expect(after.trace.filter((t) => t.type === 'migrated')).toHaveLength(1);

    h.signal({ kind: 'exit', reason: 'bye' });
    expect(migrate(h, graph(nodes('P5D'), edges)).outcome).toEqual({
      kind: 'unchanged',
      reason: 'the instance has exited',
    });
  });

  it('refuses versions of another journey with a clear error', () => {
    const h = Harness.of(nodes('P3D'), edges);
    h.enter();
    const other = { ...version(graph(nodes('P5D'), edges), 2), journeyId: 'journey-2' };
    expect(() =>
      migrateInstance(
        h.published,
        h.instance,
        { toVersion: other, mapping: {}, migrationId: 'm' },
        h.now,
        factsOf(h),
      ),
    ).toThrow(MigrationError);
  });
});

describe('hold and release', () => {
  const v1 = graph(
    [
      ['A', 'manual_entry'],
      ['B', 'send_email', { template: 'b' }],
      ['C', 'wait', { duration: 'P1D' }],
      ['D', 'send_email', { template: 'd' }],
      ['E', 'send_email', { template: 'e' }],
    ],
    chain(['A', 'B', 'C', 'D', 'E']),
  );
  const v2 = graph(
    [
      ['A', 'manual_entry'],
      ['B', 'send_email', { template: 'b' }],
      ['D', 'send_email', { template: 'd' }],
      ['E', 'send_email', { template: 'e' }],
    ],
    chain(['A', 'B', 'D', 'E']),
  );
  const held = (): MigratedHarness => {
    const h = new Harness(version(v1));
    h.enter();
    const { after } = migrate(h, v2, { policy: 'hold' });
    expect(after.instance.status).toBe('held');
    return after;
  };

  it('releases a held customer to a chosen node, which then runs as a step would', () => {
    const after = held();
    after.releaseTo('E');
    expect(after.sends()).toEqual(['e']);
    expect(after.instance.status).toBe('completed');
    expect(after.traceTypes()).toContain('released');
  });

  it('exits a held customer on request', () => {
    const after = held();
    after.releaseTo({ exit: true, reason: 'not for this campaign' });
    expect(after.instance).toMatchObject({ status: 'exited', statusReason: 'not for this campaign' });
  });

  it('keeps a held customer in place through pause, resume and events', () => {
    const after = held();
    after.signal({ kind: 'pause' });
    after.signal({ kind: 'resume' });
    after.event('whatever');
    expect(after.instance.status).toBe('held');
    expect(after.sends()).toEqual([]);
  });

  it('refuses to release to an executed node, an unknown node or an entry, and a second release of the same id is a no-op', () => {
    const after = held();
    expect(() => after.releaseTo('B')).toThrow(/already executed "B"/);
    expect(() => after.releaseTo('Z')).toThrow(/no node "Z"/);
    expect(() => after.releaseTo('A')).toThrow(/entry node/);
    after.releaseTo('D', 'rel-1');
    const sends = after.sends();
    after.releaseTo('D', 'rel-1');
    expect(after.sends()).toEqual(sends);
    expect(() => after.releaseTo('D', 'rel-2')).toThrow(/not held/);
  });
});

describe('rule zero', () => {
  it('rejects a mapping that puts waiting customers before a node they have executed, and holds them if forced', () => {
    // v1: A → B → C(wait) → D; v2 reorders: A → C → B → D.
    const nodes: NodeSpec[] = [
      ['A', 'manual_entry'],
      ['B', 'send_email', { template: 'b' }],
      ['C', 'wait', { duration: 'P1D' }],
      ['D', 'send_email', { template: 'd' }],
    ];
    const h = Harness.of(nodes, chain(['A', 'B', 'C', 'D']));
    h.enter();
    const v2 = graph(nodes, chain(['A', 'C', 'B', 'D']));
    const { outcome, after, spec } = migrate(h, v2);

    expect(validateMapping(h.published.graph, v2, spec.mapping, new Set(['C']))).toEqual([
      expect.objectContaining({ code: 'moves_backwards', nodeId: 'C' }),
    ]);
    expect(movesOf(outcome)).toEqual(['C>-:moves_backwards']);
    expect(after.instance.status).toBe('held');
    expect(after.sends()).toEqual([]);
  });

  it('never executes a node inserted before the token, even when it is a send', () => {
    const v1Nodes: NodeSpec[] = [
      ['A', 'manual_entry'],
      ['W', 'wait', { duration: 'P1D' }],
      ['D', 'send_email', { template: 'd' }],
    ];
    const h = Harness.of(v1Nodes, chain(['A', 'W', 'D']));
    h.enter();
    const v2 = graph([...v1Nodes, ['X', 'send_email', { template: 'x' }]], chain(['A', 'X', 'W', 'D']));
    const { after } = migrate(h, v2);
    after.fireWhenDue('W');
    expect(after.sends()).toEqual(['d']);
  });
});

describe('a paused instance', () => {
  it('is migrated where it stands and fires a deadline already past on resume', () => {
    const nodes = (d: string): NodeSpec[] => [
      ['A', 'manual_entry'],
      ['W', 'wait', { duration: d }],
      ['E', 'send_email', { template: 'e' }],
    ];
    const edges = chain(['A', 'W', 'E']);
    const h = Harness.of(nodes('P3D'), edges);
    h.enter();
    h.signal({ kind: 'pause' });
    h.at(T0 + 2 * DAY);
    const { outcome, after } = migrate(h, graph(nodes('P1D'), edges));

    expect(movesOf(outcome)).toEqual(['W>W:deadline_passed']);
    expect(after.instance.status).toBe('paused');
    expect(after.sends()).toEqual([]);
    after.signal({ kind: 'resume' });
    expect(after.sends()).toEqual(['e']);
  });
});
