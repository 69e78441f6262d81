/** Migration cases beyond the worked examples: branches, conflicts, repeated holds, new exit criteria. */
import { DAY, graph, Harness, T0, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import { migrate, movesOf } from './__tests__/migration-kit';
import { dominatorsOf } from './graph-reach';
import { validateMapping } from './node-mapping';

const chain = (ids: string[]): EdgeSpec[] => ids.slice(1).map((id, i) => [ids[i], 'next', id]);

describe('branches that meet again', () => {
  // v1: A → C(vip?) → true: S1 / false: S2 → M(wait) → E.  v2 moves S2 after M.
  const nodes: NodeSpec[] = [
    ['A', 'manual_entry'],
    ['C', 'condition', { expression: 'customer.vip == true' }],
    ['S1', 'send_email', { template: 's1' }],
    ['S2', 'send_email', { template: 's2' }],
    ['M', 'wait', { duration: 'P1D' }],
    ['E', 'send_email', { template: 'e' }],
  ];
  const v1 = graph(nodes, [
    ['A', 'next', 'C'],
    ['C', 'true', 'S1'],
    ['C', 'false', 'S2'],
    ['S1', 'next', 'M'],
    ['S2', 'next', 'M'],
    ['M', 'next', 'E'],
  ]);
  const v2 = graph(nodes, [
    ['A', 'next', 'C'],
    ['C', 'true', 'S1'],
    ['C', 'false', 'M'],
    ['S1', 'next', 'M'],
    ['M', 'next', 'S2'],
    ['S2', 'next', 'E'],
  ]);
  const at = (vip: boolean): Harness => {
    const h = new Harness({ journeyId: 'journey-1', version: 1, graph: v1 }, { vip });
    h.enter();
    return h;
  };

  it('knows which nodes every customer at M has executed: only those on every path', () => {
    expect([...dominatorsOf(v1, 'M')].sort()).toEqual(['A', 'C']);
    expect([...dominatorsOf(v1, 'E')].sort()).toEqual(['A', 'C', 'M']);
  });

  it('does not reject the mapping for all (not every customer at M has sent S2) ...', () => {
    const mapping = Object.fromEntries(nodes.map(([id]) => [id, id]));
    expect(validateMapping(v1, v2, mapping, new Set(['M']))).toEqual([]);
  });

  it('... and decides per customer: the one who took S1 goes on, the one who took S2 is held', () => {
    const viaS1 = migrate(at(true), v2);
    expect(movesOf(viaS1.outcome)).toEqual(['M>M:mapped']);
    viaS1.after.fireWhenDue('M');
    expect(viaS1.after.sends()).toEqual(['s2', 'e']);

    const viaS2 = migrate(at(false), v2);
    expect(movesOf(viaS2.outcome)).toEqual(['M>-:moves_backwards']);
    expect(viaS2.after.instance.statusReason).toBe('moving from "M" to "M" would execute "S2" again');
  });
});

describe('conflict policy', () => {
  it('skips forward past a reordered step instead of holding, when the migration says so', () => {
    const nodes: NodeSpec[] = [
      ['A', 'manual_entry'],
      ['B', 'send_email', { template: 'b' }],
      ['C', 'wait', { duration: 'P1D' }],
      ['D', 'send_email', { template: 'd' }],
    ];
    const h = Harness.of(nodes, chain(['A', 'B', 'C', 'D']));
    h.enter();
    const { outcome, after } = migrate(h, graph(nodes, chain(['A', 'C', 'B', 'D'])), {
      conflictPolicy: 'skip',
    });

    expect(movesOf(outcome)).toEqual(['C>D:skip']);
    expect([...h.sends(), ...after.sends()]).toEqual(['b', 'd']);
  });
});

describe('repeated migrations', () => {
  const v1Nodes: NodeSpec[] = [
    ['A', 'manual_entry'],
    ['C', 'wait', { duration: 'P1D' }],
    ['D', 'send_email', { template: 'd' }],
    ['E', 'send_email', { template: 'e' }],
  ];
  const v2 = graph(
    [
      ['A', 'manual_entry'],
      ['D', 'send_email', { template: 'd' }],
      ['E', 'send_email', { template: 'e' }],
    ],
    chain(['A', 'D', 'E']),
  );

  it('keeps a held token held through a later migration, releasable on the newest version', () => {
    const h = Harness.of(v1Nodes, chain(['A', 'C', 'D', 'E']));
    h.enter();
    const first = migrate(h, v2, { policy: 'hold' });
    const v3 = graph(
      [
        ['A', 'manual_entry'],
        ['D', 'send_email', { template: 'd3' }],
        ['E', 'send_email', { template: 'e3' }],
      ],
      chain(['A', 'D', 'E']),
    );
    const second = migrate(first.after, v3, { migrationId: 'mig-2' });

    expect(second.outcome.kind).toBe('held');
    expect(movesOf(second.outcome)).toEqual(['C>-:still_held']);
    expect(second.after.instance.version).toBe(3);
    expect(second.after.instance.migrations?.map((m) => m.migrationId)).toEqual(['mig-1', 'mig-2']);
    second.after.releaseTo('E');
    expect(second.after.sends()).toEqual(['e3']);
  });

  it('returns a customer held while paused to paused on release', () => {
    const h = Harness.of(v1Nodes, chain(['A', 'C', 'D', 'E']));
    h.enter();
    h.signal({ kind: 'pause' });
    const { after } = migrate(h, v2, { policy: 'hold' });
    expect(after.instance.status).toBe('held');
    after.releaseTo('D');
    expect(after.instance.status).toBe('paused');
    expect(after.sends()).toEqual([]);
    after.signal({ kind: 'resume' });
    expect(after.sends()).toEqual(['d', 'e']);
  });
});

describe('the new version', () => {
  const nodes = (until: string): NodeSpec[] => [
    ['A', 'manual_entry'],
    ['W', 'wait_until', { until }],
    ['E', 'send_email', { template: 'e' }],
  ];
  const edges = chain(['A', 'W', 'E']);

  it("exits a customer its new exit criteria already match, cancelling the customer's timers", () => {
    const h = Harness.of(nodes('2025-01-05T09:00:00Z'), edges);
    h.customer = { vip: true };
    h.enter();
    const { outcome, after } = migrate(
      h,
      graph(nodes('2025-01-05T09:00:00Z'), edges, { exitCriteria: 'customer.vip == true' }),
    );
    expect(outcome.kind).toBe('exited');
    expect(after.instance.statusReason).toBe('exit criteria met');
    expect(after.effectsOf('cancel_timer')).toHaveLength(1);
  });

  it('moves a wait_until deadline to the new date', () => {
    const h = Harness.of(nodes('2025-01-05T09:00:00Z'), edges);
    h.enter();
    const { outcome, after } = migrate(h, graph(nodes('2025-01-07T09:00:00Z'), edges));
    expect(movesOf(outcome)).toEqual(['W>W:timer_rescheduled']);
    expect(after.waitingToken('W').wait!.dueAt).toBe(T0 + 6 * DAY);
  });
});
