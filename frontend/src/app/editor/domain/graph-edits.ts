/** Pure edits of a journey graph: each returns a new graph and leaves its argument untouched. */
import type { GraphEdge, GraphNode, JourneyGraph, Position } from '../../api/api-models';

export function newNodeId(graph: JourneyGraph, type: string): string {
  const taken = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${type}_${i}`;
    if (!taken.has(id)) return id;
  }
}

export function addNode(graph: JourneyGraph, node: GraphNode): JourneyGraph {
  return { ...graph, nodes: [...graph.nodes, node] };
}

export function removeNode(graph: JourneyGraph, id: string): JourneyGraph {
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => n.id !== id),
    edges: graph.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

/** Connects `from`'s `output` to `to`; an output leads to one node, so an earlier edge on it is replaced. */
export function connect(graph: JourneyGraph, edge: GraphEdge): JourneyGraph {
  if (edge.from === edge.to) return graph;
  const others = graph.edges.filter((e) => !(e.from === edge.from && e.output === edge.output));
  return { ...graph, edges: [...others, edge] };
}

export function disconnect(graph: JourneyGraph, edge: GraphEdge): JourneyGraph {
  return {
    ...graph,
    edges: graph.edges.filter((e) => !(e.from === edge.from && e.to === edge.to && e.output === edge.output)),
  };
}

export function moveNodes(graph: JourneyGraph, moves: ReadonlyMap<string, Position>): JourneyGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const position = moves.get(n.id);
      return position ? { ...n, position: { x: Math.round(position.x), y: Math.round(position.y) } } : n;
    }),
  };
}

export function updateNode(
  graph: JourneyGraph,
  id: string,
  change: { config?: Record<string, unknown>; name?: string },
): JourneyGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== id) return n;
      const next: GraphNode = { ...n, ...(change.config && { config: change.config }) };
      if (change.name !== undefined) {
        if (change.name === '') delete next.name;
        else next.name = change.name;
      }
      return next;
    }),
  };
}

/** Drops edges whose output the node no longer has (e.g. a removed A/B variant). */
export function pruneEdges(graph: JourneyGraph, outputsOf: (node: GraphNode) => string[]): JourneyGraph {
  const outputs = new Map(graph.nodes.map((n) => [n.id, new Set(outputsOf(n))]));
  const edges = graph.edges.filter((e) => outputs.get(e.from)?.has(e.output) ?? false);
  return edges.length === graph.edges.length ? graph : { ...graph, edges };
}
