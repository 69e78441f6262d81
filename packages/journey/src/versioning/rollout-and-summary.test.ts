/** Gradual rollout membership and the dry-run summary. */
import { DAY, graph, Harness, T0, version, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import type { InstanceState } from '../model/instance';
import { factsOf } from './__tests__/migration-kit';
import { migrateInstance, type MigrationOutcome, type MigrationSpec } from './migrate-instance';
import { resolveMapping } from './node-mapping';
import { inRollout, summarisePlans } from './rollout-and-summary';

describe('inRollout', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `inst-${i}`);

  it('chooses about p% of instances, and the same ones every time', () => {
    const chosen = ids.filter((id) => inRollout(id, 10));
    expect(chosen.length).toBeGreaterThan(150);
    expect(chosen.length).toBeLessThan(250);
    expect(ids.filter((id) => inRollout(id, 10))).toEqual(chosen);
  });

  it('only adds instances when the percent is raised', () => {
    for (const [low, high] of [
      [10, 50],
      [50, 100],
      [0, 1],
    ]) {
      for (const id of ids) if (inRollout(id, low)) expect(inRollout(id, high)).toBe(true);
    }
    expect(ids.filter((id) => inRollout(id, 0))).toEqual([]);
    expect(ids.every((id) => inRollout(id, 100))).toBe(true);
  });

  it('refuses a percent outside 0-100', () => {
    expect(() => inRollout('x', 101)).toThrow(/0 to 100/);
    expect(() => inRollout('x', Number.NaN)).toThrow(/0 to 100/);
  });
});

describe('summarisePlans (dry run)', () => {
  // v1: A → S → W1 (1d) → C (2d) → D; v2 removes C and lengthens W1 to 3d.
  const chain = (ids: string[]): EdgeSpec[] => ids.slice(1).map((id, i) => [ids[i], 'next', id]);
  const v1Nodes: NodeSpec[] = [
    ['A', 'manual_entry'],
    ['S', 'send_email', { template: 's' }],
    ['W1', 'wait', { duration: 'P1D' }],
    ['C', 'wait', { duration: 'P2D' }],
    ['D', 'send_email', { template: 'd' }],
  ];
  const v1 = version(graph(v1Nodes, chain(['A', 'S', 'W1', 'C', 'D'])));
  const v2 = version(
    graph(
      [
        ['A', 'manual_entry'],
        ['S', 'send_email', { template: 's' }],
        ['W1', 'wait', { duration: 'P3D' }],
        ['D', 'send_email', { template: 'd' }],
      ],
      chain(['A', 'S', 'W1', 'D']),
    ),
    2,
  );

  function population(): Harness[] {
    const harnesses: Harness[] = [];
    for (let i = 0; i < 9; i++) {
      const h = new Harness(v1, { email: `c${i}@example.com` }, `inst-${i}`);
      h.enter();
      if (i % 3 === 1) h.fireWhenDue('W1'); // now at C
      if (i % 3 === 2) h.signal({ kind: 'exit', reason: 'left' });
      h.at(T0 + 1.5 * DAY);
      harnesses.push(h);
    }
    return harnesses;
  }

  it('counts how many tokens move from which node to which, and which exit or stay', () => {
    const spec: MigrationSpec = {
      toVersion: v2,
      mapping: resolveMapping(v1.graph, v2.graph, undefined, 'exit'),
      migrationId: 'm',
    };
    const plans = population().map((h) => ({
      before: h.instance,
      outcome: migrateInstance(v1, h.instance, spec, h.now, factsOf(h)),
    }));
    expect(summarisePlans(plans)).toEqual({
      total: 9,
      moves: [
        { from: 'W1', to: 'W1', outcome: 'migrated', count: 3 },
        { from: 'C', to: null, outcome: 'exited', count: 3 },
      ],
      outcomes: { migrated: 3, exited: 3, held: 0, unchanged: 3 },
    });
  });

  it('predicts exactly what the migration then does', () => {
    const spec: MigrationSpec = {
      toVersion: v2,
      mapping: resolveMapping(v1.graph, v2.graph, undefined, 'skip'),
      migrationId: 'm',
    };
    const harnesses = population();
    const dryRun = summarisePlans(
      harnesses.map((h) => ({
        before: h.instance,
        outcome: migrateInstance(v1, h.instance, spec, h.now, factsOf(h)),
      })),
    );
    // The real run: migrate, then count where each instance really is.
    const real = new Map<string, number>();
    const byOutcome: Record<MigrationOutcome['kind'], number> = {
      migrated: 0,
      exited: 0,
      held: 0,
      unchanged: 0,
    };
    for (const h of harnesses) {
      const before: InstanceState = h.instance;
      const outcome = migrateInstance(v1, before, spec, h.now, factsOf(h));
      byOutcome[outcome.kind] += 1;
      if (outcome.kind === 'unchanged') continue;
      const after = outcome.result.instance;
      for (const token of before.tokens) {
        const trace = outcome.result.trace.find((t) => t.type === 'migrated' && t.tokenId === token.id);
        const key = `${token.nodeId}>${String(trace?.data?.to)}`;
        real.set(key, (real.get(key) ?? 0) + 1);
      }
      expect(after.version).toBe(2);
    }
    expect(dryRun.outcomes).toEqual(byOutcome);
    expect(Object.fromEntries(dryRun.moves.map((m) => [`${m.from}>${String(m.to)}`, m.count]))).toEqual(
      Object.fromEntries(real),
    );
    expect(dryRun.moves).toContainEqual({ from: 'C', to: 'D', outcome: 'migrated', count: 3 });
  });
});
