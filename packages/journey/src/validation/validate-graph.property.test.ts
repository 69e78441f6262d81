/** validateGraph accepts every generated valid journey and rejects each kind of mutation of it. */
import fc from 'fast-check';
import { graphArbitrary } from '../__tests__/arbitraries';
import type { JourneyGraph } from '../model/graph';
import { NODE_CATALOGUE } from '../nodes';
import { validateGraph } from './index';

const RUNS = { numRuns: 150 };

const codesOf = (graph: unknown): string[] => validateGraph(graph).errors.map((issue) => issue.code);
const clone = (graph: JourneyGraph): JourneyGraph => structuredClone(graph);
const isEntry = (graph: JourneyGraph, id: string): boolean =>
  NODE_CATALOGUE[graph.nodes.find((n) => n.id === id)!.type].category === 'entry';

/** A graph with at least one edge between non-entry nodes, plus a pick to choose among them. */
const withInnerEdge = fc
  .tuple(graphArbitrary, fc.nat())
  .filter(([graph]) => graph.edges.some((e) => !isEntry(graph, e.from)));

describe('validateGraph over generated journeys', () => {
  it('accepts every generated valid graph', () => {
    fc.assert(
      fc.property(graphArbitrary, (graph) => {
        expect(validateGraph(graph).errors).toEqual([]);
      }),
      RUNS,
    );
  });

  it('rejects an added back edge as a cycle', () => {
    fc.assert(
      fc.property(withInnerEdge, ([graph, pick]) => {
        const inner = graph.edges.filter((e) => !isEntry(graph, e.from));
        const edge = inner[pick % inner.length];
        const mutated = clone(graph);
        mutated.edges.push({ from: edge.to, to: edge.from, output: 'next' });
        expect(codesOf(mutated)).toContain('cycle');
      }),
      RUNS,
    );
  });

  it('rejects a removed node whose edges remain as dangling edges', () => {
    fc.assert(
      fc.property(withInnerEdge, ([graph, pick]) => {
        const inner = graph.nodes.filter((n) => !isEntry(graph, n.id));
        const removed = inner[pick % inner.length];
        const mutated = clone(graph);
        mutated.nodes = mutated.nodes.filter((n) => n.id !== removed.id);
        expect(codesOf(mutated)).toContain('dangling_edge');
      }),
      RUNS,
    );
  });

  it('rejects a relabelled, a duplicated and a missing output', () => {
    fc.assert(
      fc.property(graphArbitrary, fc.nat(), (graph, pick) => {
        fc.pre(graph.edges.length > 0);
        const index = pick % graph.edges.length;

        const relabelled = clone(graph);
        relabelled.edges[index].output = 'bogus';
        expect(codesOf(relabelled)).toContain('invalid_output');

        const duplicated = clone(graph);
        const edge = duplicated.edges[index];
        const otherTarget = graph.nodes.find(
          (n) => n.id !== edge.to && n.id !== edge.from && !isEntry(graph, n.id),
        );
        if (otherTarget === undefined) return; // a two-node graph has no other target
        duplicated.edges.push({ ...edge, to: otherTarget.id });
        expect(codesOf(duplicated)).toContain('duplicate_output');
      }),
      RUNS,
    );
  });

  it('rejects a condition or timed wait_for_event that lost one of its required edges', () => {
    fc.assert(
      fc.property(graphArbitrary, fc.nat(), (graph, pick) => {
        const required = graph.edges.filter((e) => {
          const node = graph.nodes.find((n) => n.id === e.from)!;
          return NODE_CATALOGUE[node.type].requiredOutputs(node.config).includes(e.output);
        });
        fc.pre(required.length > 0);
        const dropped = required[pick % required.length];
        const mutated = clone(graph);
        mutated.edges = mutated.edges.filter(
          (e) => !(e.from === dropped.from && e.output === dropped.output),
        );
        expect(codesOf(mutated)).toContain('missing_output');
      }),
      RUNS,
    );
  });

  it('rejects removed entries, an edge into an entry, an isolated node, an unknown type and a broken config', () => {
    fc.assert(
      fc.property(graphArbitrary, fc.nat(), (graph, pick) => {
        const entries = graph.nodes.filter((n) => isEntry(graph, n.id)).map((n) => n.id);
        const inner = graph.nodes.filter((n) => !isEntry(graph, n.id));
        const target = inner[pick % inner.length];

        const noEntry = clone(graph);
        noEntry.nodes = noEntry.nodes.filter((n) => !entries.includes(n.id));
        noEntry.edges = noEntry.edges.filter((e) => !entries.includes(e.from));
        expect(codesOf(noEntry)).toContain('no_entry');

        const intoEntry = clone(graph);
        intoEntry.edges.push({ from: target.id, to: entries[0], output: 'loop' });
        expect(codesOf(intoEntry)).toContain('edge_into_entry');

        const isolated = clone(graph);
        isolated.nodes.push({ id: 'lonely', type: 'send_email', config: { template: 'x' } });
        expect(codesOf(isolated)).toEqual(['orphan_node']);

        const unknown = clone(graph);
        (unknown.nodes.find((n) => n.id === target.id)! as { type: string }).type = 'send_telegram';
        expect(codesOf(unknown)).toContain('unknown_node_type');

        const broken = clone(graph);
        broken.nodes.find((n) => n.id === target.id)!.config = { duration: 'P1M' };
        expect(codesOf(broken)).toContain('invalid_config');
      }),
      RUNS,
    );
  });
});
