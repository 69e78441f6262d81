import type { Effect } from '../model/effect';
import type { JourneyEdge, JourneyGraph, JourneyNode } from '../model/graph';
import type { InstanceState, TraceEntry } from '../model/instance';

/** An immutable published graph; instances are pinned to one. */
export interface PublishedVersion {
  journeyId: string;
  version: number;
  graph: JourneyGraph;
}

export interface StepResult {
  instance: InstanceState;
  effects: Effect[];
  trace: TraceEntry[];
}

interface GraphIndex {
  nodes: Map<string, JourneyNode>;
  edges: Map<string, JourneyEdge>;
}

// A version's graph is immutable, so its lookup tables are built once and shared by every step.
const indexes = new WeakMap<JourneyGraph, GraphIndex>();

export function graphIndex(graph: JourneyGraph): GraphIndex {
  let index = indexes.get(graph);
  if (index === undefined) {
    index = { nodes: new Map(), edges: new Map() };
    for (const node of graph.nodes) if (!index.nodes.has(node.id)) index.nodes.set(node.id, node);
    for (const edge of graph.edges) {
      const key = edgeKey(edge.from, edge.output);
      if (!index.edges.has(key)) index.edges.set(key, edge);
    }
    indexes.set(graph, index);
  }
  return index;
}

export function edgeKey(from: string, output: string): string {
  return `${from}\u0000${output}`;
}
