/**
 * Properties of live migration over random journeys, random edits and random positions: an
 * instance is advanced on v1 by random signals, migrated to the edited v2, then run to its end.
 */
import fc from 'fast-check';
import { actionArbitrary, graphArbitrary } from '../__tests__/arbitraries';
import { isTerminal, simulate } from '../__tests__/simulator';
import { step, type PublishedVersion, type StepResult } from '../interpreter';
import type { Effect } from '../model/effect';
import type { Facts } from '../model/facts';
import type { InstanceState, TraceEntry } from '../model/instance';
import { applyEdit, graphEditArbitrary } from './__tests__/graph-edits';
import { descendantsOf } from './graph-reach';
import { migrateInstance, type MigrationOutcome, type MigrationSpec } from './migrate-instance';
import { REMOVED_NODE_POLICIES, resolveMapping, validateMapping, type NodeMapping } from './node-mapping';
import { summarisePlans } from './rollout-and-summary';

const RUNS = { numRuns: 100 };

const scenario = fc.record({
  graph: graphArbitrary,
  actions: fc.array(actionArbitrary, { maxLength: 8 }),
  edit: graphEditArbitrary,
  policy: fc.constantFrom(...REMOVED_NODE_POLICIES),
});

interface Run {
  v1: PublishedVersion;
  v2: PublishedVersion;
  spec: MigrationSpec;
  before: InstanceState;
  v1Effects: Effect[];
  outcome: MigrationOutcome;
  now: number;
  facts: Facts;
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run({ graph, actions, edit, policy }: Scenario): Run | undefined {
  const sim = simulate(graph, actions, { drain: false });
  // Ended instances are left alone (tested in migrate-instance.test.ts); a third of generated
  // journeys end at once, so they are skipped to spend the runs on live positions.
  if (isTerminal(sim.final)) return undefined;
  const edited = applyEdit(graph, edit, new Set(sim.final.tokens.map((t) => t.nodeId)));
  if (edited === undefined) return undefined;
  const last = sim.steps[sim.steps.length - 1];
  const v2: PublishedVersion = { journeyId: sim.published.journeyId, version: 2, graph: edited };
  const spec: MigrationSpec = {
    toVersion: v2,
    mapping: resolveMapping(graph, edited, undefined, policy),
    migrationId: 'mig-prop',
  };
  const now = last.now + 60_000;
  const facts = { ...last.facts, journeyPaused: false };
  return {
    v1: sim.published,
    v2,
    spec,
    before: sim.final,
    v1Effects: sim.steps.flatMap((s) => s.result.effects),
    outcome: migrateInstance(sim.published, sim.final, spec, now, facts),
    now,
    facts,
  };
}

/** Runs the migrated instance on v2 to its end: resumes, fires every timer when due, sends awaited events. */
function drainOnV2(r: Run, start: StepResult): StepResult[] {
  const results: StepResult[] = [];
  let instance = start.instance;
  let now = r.now;
  for (let i = 0; i < 200 && !isTerminal(instance) && instance.status !== 'held'; i++) {
    let result: StepResult;
    if (instance.status === 'paused' || instance.tokens.some((t) => t.firedWhilePaused === true)) {
      result = step(r.v2, instance, { kind: 'resume', id: `d${i}` }, now, r.facts);
    } else {
      const token = instance.tokens.find((t) => t.state === 'waiting');
      if (token === undefined) break;
      const wait = token.wait!;
      if (wait.timerId !== undefined) {
        now = Math.max(now, wait.dueAt!);
        result = step(
          r.v2,
          instance,
          { kind: 'timer_fired', id: `d${i}`, timerId: wait.timerId },
          now,
          r.facts,
        );
      } else if (wait.kind === 'event') {
        const event = {
          id: `de${i}`,
          name: wait.event,
          properties: { orderId: 'o-1', amount: 50 },
          timestamp: now,
        };
        result = step(r.v2, instance, { kind: 'event', id: `d${i}`, event }, now, r.facts);
      } else break;
    }
    results.push(result);
    instance = result.instance;
  }
  return results;
}

/** Old ids the instance had executed, under their new ids. */
function executedBefore(before: InstanceState, mapping: NodeMapping): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const oldId of before.executed) {
    const target = mapping[oldId];
    const newId = typeof target === 'string' ? target : oldId;
    map.set(newId, [...(map.get(newId) ?? []), oldId]);
  }
  return map;
}

/**
 * Old nodes the v1 graph itself could lead a token to again (parallel branches that rejoin
 * revisit a node in any version): what lies downstream of where each token stood, and the
 * node of a token that had not run it yet.
 */
function v1MayRevisit(r: Run): Set<string> {
  const allowed = new Set<string>();
  for (const token of r.before.tokens) {
    for (const id of descendantsOf(r.v1.graph, token.nodeId)) allowed.add(id);
    if (token.state === 'ready') allowed.add(token.nodeId);
  }
  return allowed;
}

const migrated = (r: Run): Extract<MigrationOutcome, { result: StepResult }> | undefined =>
  r.outcome.kind === 'unchanged' ? undefined : r.outcome;

describe('live migration properties', () => {
  it('never executes again a node the instance executed on v1, during the migration or after it', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const outcome = migrated(r);
        if (outcome === undefined) return;
        const executed = executedBefore(r.before, r.spec.mapping);
        const mayRevisit = v1MayRevisit(r);
        const trace: TraceEntry[] = [outcome.result, ...drainOnV2(r, outcome.result)].flatMap((s) => s.trace);
        for (const entry of trace.filter((t) => t.type === 'node_entered')) {
          const sources = executed.get(entry.nodeId!);
          if (sources === undefined) continue;
          expect({ node: entry.nodeId, v1MayRevisit: sources.some((s) => mayRevisit.has(s)) }).toEqual({
            node: entry.nodeId,
            v1MayRevisit: true,
          });
        }
      }),
      RUNS,
    );
  });

  it('never places a token upstream of a node it executed', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const outcome = migrated(r);
        if (outcome === undefined) return;
        const executed = executedBefore(r.before, r.spec.mapping);
        for (const token of outcome.result.instance.tokens) {
          const was = r.before.tokens.find((t) => t.id === token.id);
          if (was === undefined || token.state === 'held') continue;
          const mayRevisit = new Set(descendantsOf(r.v1.graph, was.nodeId));
          if (was.state === 'ready') mayRevisit.add(was.nodeId);
          for (const ahead of descendantsOf(r.v2.graph, token.nodeId)) {
            const sources = executed.get(ahead) ?? [];
            if (sources.length > 0) expect(sources.some((s) => mayRevisit.has(s))).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never repeats a send key: nothing sent on v1 is sent again on v2', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const outcome = migrated(r);
        if (outcome === undefined) return;
        const later = [outcome.result, ...drainOnV2(r, outcome.result)].flatMap((s) => s.effects);
        const keys = [...r.v1Effects, ...later].filter((e) => e.kind === 'send').map((e) => e.id);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      RUNS,
    );
  });

  it('runs a migrated instance on v2 to its end (or to an operator, when held)', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const outcome = migrated(r);
        if (outcome === undefined) return;
        const steps = drainOnV2(r, outcome.result);
        const last = steps.length === 0 ? outcome.result.instance : steps[steps.length - 1].instance;
        // (`failed` is terminal too: generated custom_code nodes fail on purpose.)
        expect(isTerminal(last) || last.status === 'held').toBe(true);
      }),
      RUNS,
    );
  });

  it('holds a customer for a reason validation did not report only when rule zero decides per customer', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const outcome = migrated(r);
        if (outcome === undefined) return;
        const occupied = new Set(r.before.tokens.map((t) => t.nodeId));
        const problems = validateMapping(r.v1.graph, r.v2.graph, r.spec.mapping, occupied, input.policy);
        if (problems.length > 0) return;
        const surprises = outcome.moves.filter((m) =>
          ['type_mismatch', 'unmapped', 'invalid_target'].includes(m.rule),
        );
        expect(surprises).toEqual([]);
      }),
      RUNS,
    );
  });

  it('leaves every token on a node of v2, or the instance exited or held', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const outcome = migrated(r);
        if (outcome === undefined)
          throw new Error(`a live instance was not migrated: ${JSON.stringify(r.outcome)}`);
        const after = outcome.result.instance;
        expect(after.version).toBe(2);
        const v2Nodes = new Set(r.v2.graph.nodes.map((n) => n.id));
        for (const token of after.tokens) {
          if (token.state === 'held') expect(after.status).toBe('held');
          else expect(v2Nodes.has(token.nodeId)).toBe(true);
        }
        expect(outcome.kind).toBe(
          after.status === 'exited' ? 'exited' : after.status === 'held' ? 'held' : 'migrated',
        );
      }),
      RUNS,
    );
  });

  it('migrating twice is migrating once, and the same inputs give the same result', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = run(input);
        fc.pre(r !== undefined);
        const again = migrateInstance(r.v1, r.before, r.spec, r.now, r.facts);
        expect(again).toEqual(r.outcome);
        const outcome = migrated(r);
        if (outcome === undefined) return;
        const twice = migrateInstance(r.v1, outcome.result.instance, r.spec, r.now + 1000, r.facts);
        expect(twice.kind).toBe('unchanged');
      }),
      RUNS,
    );
  });

  it('a dry run summary counts exactly the moves the migration makes', () => {
    fc.assert(
      fc.property(fc.array(scenario, { minLength: 1, maxLength: 5 }), (inputs) => {
        const runs = inputs.map(run).filter((r): r is Run => r !== undefined);
        const summary = summarisePlans(runs.map((r) => ({ before: r.before, outcome: r.outcome })));
        expect(summary.total).toBe(runs.length);
        let migratedTokens = 0;
        for (const r of runs) {
          const outcome = migrated(r);
          if (outcome !== undefined) {
            // One `migrated` trace line per token that the instance had.
            const lines = outcome.result.trace.filter(
              (t) => t.type === 'migrated' && t.tokenId !== undefined,
            );
            expect(lines).toHaveLength(r.before.tokens.length);
            migratedTokens += r.before.tokens.length;
          }
        }
        const counted = summary.moves
          .filter((m) => m.outcome !== 'unchanged')
          .reduce((n, m) => n + m.count, 0);
        expect(counted).toBe(migratedTokens);
      }),
      { numRuns: 50 },
    );
  });
});
