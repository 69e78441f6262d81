/** SEMANTICS.md "Live migration, worked": one test per row of the table (rows 1-12). */
import { DAY, graph, Harness, HOUR, T0, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import { sendKey } from '../hash';
import { migrate, movesOf } from './__tests__/migration-kit';
import { proposeMapping } from './propose-mapping';
import { resolveMapping, validateMapping } from './node-mapping';

const chain = (ids: string[]): EdgeSpec[] => ids.slice(1).map((id, i) => [ids[i], 'next', id]);

function start(nodes: NodeSpec[], edges: EdgeSpec[]): Harness {
  const h = Harness.of(nodes, edges);
  h.enter();
  return h;
}

describe('live migration, worked (SEMANTICS.md table)', () => {
  describe('A → W(wait 3d) → C', () => {
    const v1Nodes = (duration: string): NodeSpec[] => [
      ['A', 'manual_entry'],
      ['W', 'wait', { duration }],
      ['C', 'send_email', { template: 'c' }],
    ];
    const edges = chain(['A', 'W', 'C']);

    it('row 1: a wait lengthened to 5d keeps its start: 2 days in, 3 more days to go', () => {
      const h = start(v1Nodes('P3D'), edges);
      const oldTimer = h.timerAt('W');
      h.at(T0 + 2 * DAY);
      const { outcome, after } = migrate(h, graph(v1Nodes('P5D'), edges));

      expect(outcome.kind).toBe('migrated');
      expect(movesOf(outcome)).toEqual(['W>W:timer_rescheduled']);
      const wait = after.waitingToken('W').wait!;
      expect(wait).toMatchObject({ startedAt: T0, dueAt: T0 + 5 * DAY });
      expect(after.effects).toEqual([
        expect.objectContaining({ kind: 'cancel_timer', timerId: oldTimer }),
        expect.objectContaining({ kind: 'schedule_timer', timerId: wait.timerId, dueAt: T0 + 5 * DAY }),
      ]);
      expect(after.instance.version).toBe(2);

      // The old 3-day timer, if it still fires, moves nothing; the new one does.
      after.at(T0 + 3 * DAY).signal({ kind: 'timer_fired', timerId: oldTimer });
      expect(after.sends()).toEqual([]);
      after.fireWhenDue('W');
      expect(after.sends()).toEqual(['c']);
      expect(after.instance.status).toBe('completed');
    });

    it('row 2: a wait shortened to 1d whose deadline is already past fires at once and goes to C', () => {
      const h = start(v1Nodes('P3D'), edges);
      h.at(T0 + 2 * DAY);
      const { outcome, after } = migrate(h, graph(v1Nodes('P1D'), edges));

      expect(movesOf(outcome)).toEqual(['W>W:deadline_passed']);
      expect(after.traceTypes().slice(0, 2)).toEqual(['migrated', 'node_completed']);
      expect(after.sends()).toEqual(['c']);
      expect(after.effectsOf('cancel_timer')).toHaveLength(1);
      expect(after.effectsOf('schedule_timer')).toEqual([]);
      expect(after.instance.status).toBe('completed');
    });
  });

  describe('A → B → C → D, v2 inserts X between B and C', () => {
    const v2 = (b: NodeSpec, c: NodeSpec) =>
      graph(
        [
          ['A', 'manual_entry'],
          b,
          ['X', 'send_email', { template: 'x' }],
          c,
          ['D', 'send_email', { template: 'd' }],
        ],
        chain(['A', 'B', 'X', 'C', 'D']),
      );

    it('row 3: a customer waiting at C stays at C, and X (before them) is never executed', () => {
      const b: NodeSpec = ['B', 'send_email', { template: 'b' }];
      const c: NodeSpec = ['C', 'wait', { duration: 'P1D' }];
      const h = start(
        [['A', 'manual_entry'], b, c, ['D', 'send_email', { template: 'd' }]],
        chain(['A', 'B', 'C', 'D']),
      );
      const { outcome, after } = migrate(h, v2(b, c));

      expect(movesOf(outcome)).toEqual(['C>C:mapped']);
      expect(after.effects).toEqual([]);
      after.fireWhenDue('C');
      expect([...h.sends(), ...after.sends()]).toEqual(['b', 'd']);
      expect(after.instance.executed).not.toContain('X');
      expect(after.instance.status).toBe('completed');
    });

    it('row 4: a customer waiting at B goes on to the inserted X when B completes, then C', () => {
      const b: NodeSpec = ['B', 'wait', { duration: 'P1D' }];
      const c: NodeSpec = ['C', 'send_email', { template: 'c' }];
      const h = start(
        [['A', 'manual_entry'], b, c, ['D', 'send_email', { template: 'd' }]],
        chain(['A', 'B', 'C', 'D']),
      );
      const { outcome, after } = migrate(h, v2(b, c));

      expect(movesOf(outcome)).toEqual(['B>B:mapped']);
      after.fireWhenDue('B');
      expect(after.sends()).toEqual(['x', 'c', 'd']);
    });
  });

  describe('A → B → C → D, v2 removes C (A → B → D)', () => {
    const v1 = (): Harness =>
      start(
        [
          ['A', 'manual_entry'],
          ['B', 'send_email', { template: 'b' }],
          ['C', 'wait', { duration: 'P1D' }],
          ['D', 'send_email', { template: 'd' }],
        ],
        chain(['A', 'B', 'C', 'D']),
      );
    const v2 = graph(
      [
        ['A', 'manual_entry'],
        ['B', 'send_email', { template: 'b' }],
        ['D', 'send_email', { template: 'd' }],
      ],
      chain(['A', 'B', 'D']),
    );

    it('row 5: policy skip moves the customer at C to D (next mapped downstream) and runs D', () => {
      const h = v1();
      const timer = h.timerAt('C');
      const { outcome, after } = migrate(h, v2, { policy: 'skip' });

      expect(movesOf(outcome)).toEqual(['C>D:skip']);
      expect(after.effectsOf('cancel_timer')).toEqual([expect.objectContaining({ timerId: timer })]);
      expect(after.sends()).toEqual(['d']);
      expect(after.instance.status).toBe('completed');
    });

    it('row 6: policy exit exits the customer with reason "node C removed in v2"', () => {
      const h = v1();
      const { outcome, after } = migrate(h, v2, { policy: 'exit' });

      expect(outcome.kind).toBe('exited');
      expect(after.instance.status).toBe('exited');
      expect(after.instance.statusReason).toBe('node C removed in v2');
      expect(after.effectsOf('cancel_timer')).toHaveLength(1);
      expect(after.sends()).toEqual([]);
    });

    it('row 7: policy hold holds the customer; an operator releases them to a chosen node or exits them', () => {
      const h = v1();
      const { outcome, after } = migrate(h, v2, { policy: 'hold' });

      expect(outcome.kind).toBe('held');
      expect(after.instance.status).toBe('held');
      expect(after.instance.tokens).toEqual([
        expect.objectContaining({
          nodeId: 'C',
          state: 'held',
          held: expect.objectContaining({ fromNodeId: 'C' }),
        }),
      ]);
      expect(after.effectsOf('cancel_timer')).toHaveLength(1);
      // Release is tested in full in migrate-instance.test.ts.
    });
  });

  it('row 8: a send already past is not re-sent when its template changes; later sends use v2 configs', () => {
    const nodes = (t: string, e: string): NodeSpec[] => [
      ['A', 'manual_entry'],
      ['C', 'send_email', { template: t }],
      ['W', 'wait', { duration: 'P1D' }],
      ['E', 'send_email', { template: e }],
    ];
    const edges = chain(['A', 'C', 'W', 'E']);
    const h = start(nodes('t1', 'e1'), edges);
    const { after } = migrate(h, graph(nodes('t2', 'e2'), edges));

    after.fireWhenDue('W');
    expect([...h.sends(), ...after.sends()]).toEqual(['t1', 'e2']);
  });

  it('row 9: a type changed under waiting customers (wait -> wait_for_event, same id) is rejected at publish', () => {
    const v1Nodes: NodeSpec[] = [
      ['A', 'manual_entry'],
      ['C', 'wait', { duration: 'P1D' }],
      ['D', 'send_email', { template: 'd' }],
    ];
    const v2 = graph(
      [
        ['A', 'manual_entry'],
        ['C', 'wait_for_event', { event: 'opened' }],
        ['D', 'send_email', { template: 'd' }],
      ],
      [
        ['A', 'next', 'C'],
        ['C', 'event', 'D'],
      ],
    );
    const v1 = graph(v1Nodes, chain(['A', 'C', 'D']));
    const occupied = new Set(['C']);

    expect(validateMapping(v1, v2, resolveMapping(v1, v2, undefined), occupied)).toEqual([
      expect.objectContaining({ code: 'type_mismatch', nodeId: 'C' }),
    ]);
    // An explicit policy (or a mapping to a wait node) is what it needs.
    expect(validateMapping(v1, v2, resolveMapping(v1, v2, { C: { policy: 'skip' } }), occupied)).toEqual([]);
    // Nobody waiting there: nothing to reject.
    expect(validateMapping(v1, v2, resolveMapping(v1, v2, undefined), new Set())).toEqual([]);
  });

  it('row 10: a node renamed C -> C2 with the same type and config is auto-mapped; the customer at C is at C2', () => {
    const v1 = Harness.of(
      [
        ['A', 'manual_entry'],
        ['C', 'wait', { duration: 'P2D' }],
        ['D', 'send_email', { template: 'd' }],
      ],
      chain(['A', 'C', 'D']),
    );
    v1.enter();
    const v2 = graph(
      [
        ['A', 'manual_entry'],
        ['C2', 'wait', { duration: 'P2D' }],
        ['D', 'send_email', { template: 'd' }],
      ],
      chain(['A', 'C2', 'D']),
    );
    expect(proposeMapping(v1.published.graph, v2)).toEqual({
      mapping: { A: 'A', C: 'C2', D: 'D' },
      unmapped: [],
    });

    const { outcome, after } = migrate(v1, v2);
    expect(movesOf(outcome)).toEqual(['C>C2:mapped']);
    expect(after.effects).toEqual([]); // same timer, same deadline
    after.fireWhenDue('C2');
    expect(after.sends()).toEqual(['d']);
  });

  it('row 11: parallel branches X and Y migrate each on its own when only Y changed', () => {
    const nodes = (y: string): NodeSpec[] => [
      ['A', 'manual_entry'],
      ['P', 'parallel', { branches: ['x', 'y'] }],
      ['X', 'wait', { duration: 'P1D' }],
      ['Y', 'wait', { duration: y }],
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
    const h = start(nodes('P1D'), edges);
    h.at(T0 + 12 * HOUR);
    const { outcome, after } = migrate(h, graph(nodes('P2D'), edges));

    expect(movesOf(outcome)).toEqual(['X>X:mapped', 'Y>Y:timer_rescheduled']);
    expect(after.waitingToken('X').wait!.dueAt).toBe(T0 + DAY);
    expect(after.waitingToken('Y').wait!.dueAt).toBe(T0 + 2 * DAY);
    after.fireWhenDue('X');
    expect(after.sends()).toEqual(['sx']);
    after.fireWhenDue('Y');
    expect(after.sends()).toEqual(['sx', 'sy']);
    expect(after.instance.status).toBe('completed');
  });

  it('row 12: a pending event wait whose timeout grows to 5d keeps waiting for `opened`; timeout = entry + 5d', () => {
    const nodes = (timeout: string): NodeSpec[] => [
      ['A', 'manual_entry'],
      ['W', 'wait_for_event', { event: 'opened', timeout }],
      ['yes', 'send_email', { template: 'opened' }],
      ['no', 'send_email', { template: 'timeout' }],
    ];
    const edges: EdgeSpec[] = [
      ['A', 'next', 'W'],
      ['W', 'event', 'yes'],
      ['W', 'timeout', 'no'],
    ];
    const h = start(nodes('P3D'), edges);
    h.at(T0 + DAY);
    const { outcome, after } = migrate(h, graph(nodes('P5D'), edges));

    expect(movesOf(outcome)).toEqual(['W>W:event_wait_updated']);
    expect(after.waitingToken('W').wait).toMatchObject({
      kind: 'event',
      event: 'opened',
      dueAt: T0 + 5 * DAY,
    });
    after.at(T0 + 4 * DAY).event('opened');
    expect(after.sends()).toEqual(['opened']);
    expect(after.effectsOf('send').map((s) => s.sendKey)).toEqual([sendKey(h.instance.id, 'yes', 1)]);
  });
});
