/** Properties of the interpreter over random valid journeys and random signal sequences. */
import fc from 'fast-check';
import { actionArbitrary, graphArbitrary } from '../__tests__/arbitraries';
import { isTerminal, replay, simulate, type Simulation } from '../__tests__/simulator';
import { sendKey } from '../hash';
import type { JourneyGraph } from '../model/graph';
import type { TraceEntry } from '../model/instance';
import { NODE_CATALOGUE } from '../nodes';

const RUNS = { numRuns: 150 };
const scenario = fc.record({
  graph: graphArbitrary,
  actions: fc.array(actionArbitrary, { maxLength: 25 }),
});

const traceOf = (sim: Simulation): TraceEntry[] => sim.steps.flatMap((s) => s.result.trace);

describe('interpreter properties', () => {
  it('a token only ever moves along an edge of the graph, by an output its node has', () => {
    fc.assert(
      fc.property(scenario, ({ graph, actions }) => {
        const sim = simulate(graph, actions, { drain: true });
        const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
        const hasEdge = (from: string, output: string, to: string): boolean =>
          graph.edges.some((e) => e.from === from && e.output === output && e.to === to);
        const pending = new Map<string, { nodeId: string; output: string }>();
        const seen = new Set<string>();
        for (const entry of traceOf(sim)) {
          if (entry.type === 'node_completed') {
            const node = nodes.get(entry.nodeId!)!;
            if (node.type === 'end') {
              // An end node has no output: its token's path stops there.
              expect(entry.data?.output).toBeUndefined();
              continue;
            }
            const output = String(entry.data?.output);
            expect(NODE_CATALOGUE[node.type].allowedOutputs(node.config)).toContain(output);
            pending.set(entry.tokenId!, { nodeId: entry.nodeId!, output });
          }
          if (entry.type === 'node_entered') {
            const from = pending.get(entry.tokenId!);
            if (from === undefined) {
              // A token's first node is the entry it was placed at.
              expect(seen.has(entry.tokenId!)).toBe(false);
              expect(NODE_CATALOGUE[nodes.get(entry.nodeId!)!.type].category).toBe('entry');
            } else {
              expect(hasEdge(from.nodeId, from.output, entry.nodeId!)).toBe(true);
            }
            pending.delete(entry.tokenId!);
            seen.add(entry.tokenId!);
          }
        }
      }),
      RUNS,
    );
  });

  it('visits a node at most once per path into it (once, without parallel branches)', () => {
    fc.assert(
      fc.property(scenario, ({ graph, actions }) => {
        const { final } = simulate(graph, actions, { drain: true });
        const pathCounts = countPathsFromEntries(graph);
        const forks = graph.nodes.some((n) => n.type === 'parallel');
        for (const [nodeId, visits] of Object.entries(final.visits)) {
          if (!forks) expect(visits).toBe(1);
          expect(visits).toBeLessThanOrEqual(pathCounts.get(nodeId)!);
        }
        expect(new Set(final.executed).size).toBe(final.executed.length);
      }),
      RUNS,
    );
  });

  it('with enough timer fires every instance ends in exactly one terminal state, and never changes again', () => {
    fc.assert(
      fc.property(scenario, ({ graph, actions }) => {
        const sim = simulate(graph, actions, { drain: true });
        expect(isTerminal(sim.final)).toBe(true);
        if (sim.final.status === 'failed') expect(sim.final.statusReason).toBeTruthy();
        if (sim.final.status === 'exited') expect(sim.final.statusReason).toBeTruthy();
        expect(sim.final.tokens).toEqual([]);
        const endings = traceOf(sim).filter((t) =>
          ['instance_completed', 'instance_exited', 'instance_failed'].includes(t.type),
        );
        expect(endings).toHaveLength(1);
        let ended = false;
        for (const { before, result } of sim.steps) {
          if (ended) {
            expect(result.instance).toBe(before);
            expect(result.effects).toEqual([]);
          }
          ended = ended || isTerminal(result.instance);
        }
      }),
      RUNS,
    );
  });

  it('replaying the same signals from the same start gives deep-equal results', () => {
    fc.assert(
      fc.property(scenario, ({ graph, actions }) => {
        const sim = simulate(graph, actions, { drain: true });
        expect(replay(sim)).toEqual(sim.steps.map((s) => s.result));
      }),
      RUNS,
    );
  });

  it('send keys are unique per (node, visit) and derived from instance, node and visit', () => {
    fc.assert(
      fc.property(scenario, ({ graph, actions }) => {
        const sim = simulate(graph, actions, { drain: true });
        const sends = sim.steps.flatMap((s) => s.result.effects).filter((e) => e.kind === 'send');
        const keys = sends.map((e) => e.sendKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const send of sends) {
          expect(send.sendKey).toBe(sendKey(sim.start.id, send.nodeId, send.visit));
          expect(send.id).toBe(send.sendKey);
        }
      }),
      RUNS,
    );
  });

  it('a timer never moves a token before its deadline, and a repeated signal id changes nothing', () => {
    fc.assert(
      fc.property(scenario, ({ graph, actions }) => {
        const sim = simulate(graph, actions, { drain: false });
        const dueAt = new Map<string, number>();
        const processed = new Set<string>();
        for (const { signal, before, result } of sim.steps) {
          if (processed.has(signal.id)) {
            expect(result).toEqual({ instance: before, effects: [], trace: [] });
          }
          // A signal reaching an ended instance is only traced as late, not remembered.
          if (!isTerminal(before)) processed.add(signal.id);
          for (const effect of result.effects) {
            if (effect.kind === 'schedule_timer') dueAt.set(effect.timerId, effect.dueAt);
          }
          if (signal.kind === 'timer_fired' && result.trace.some((t) => t.type === 'node_completed')) {
            expect(result.trace[0].at).toBeGreaterThanOrEqual(dueAt.get(signal.timerId)!);
          }
        }
      }),
      RUNS,
    );
  });
});

/** Number of distinct paths from any entry to each node (a DAG, so a memoised count terminates). */
function countPathsFromEntries(graph: JourneyGraph): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (id: string): number => {
    const known = counts.get(id);
    if (known !== undefined) return known;
    const node = graph.nodes.find((n) => n.id === id)!;
    const incoming = graph.edges.filter((e) => e.to === id);
    // Only one entry starts an instance, so entries count one path each.
    const total =
      NODE_CATALOGUE[node.type].category === 'entry'
        ? 1
        : incoming.reduce((sum, e) => sum + count(e.from), 0);
    counts.set(id, total);
    return total;
  };
  for (const node of graph.nodes) count(node.id);
  return counts;
}
