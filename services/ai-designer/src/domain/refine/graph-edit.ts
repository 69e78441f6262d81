/**
 * Small, pure edits of a journey graph used by refinement and suggestions. Each returns a new
 * graph; node ids of untouched nodes never change, so the version diff shows only the edit.
 */
import { NODE_CATALOGUE, type JourneyEdge, type JourneyGraph, type JourneyNode } from '@kalcifer/journey';

export function cloneGraph(graph: JourneyGraph): JourneyGraph {
  return structuredClone(graph);
}

/** An id with the prefix that no node of the graph has yet (email_3 after email_1, email_2). */
export function nextId(graph: JourneyGraph, prefix: string): string {
  const taken = new Set(graph.nodes.map((node) => node.id));
  for (let n = 1; ; n += 1) if (!taken.has(`${prefix}_${n}`)) return `${prefix}_${n}`;
}

export const outEdges = (graph: JourneyGraph, id: string): JourneyEdge[] =>
  graph.edges.filter((edge) => edge.from === id);
export const inEdges = (graph: JourneyGraph, id: string): JourneyEdge[] =>
  graph.edges.filter((edge) => edge.to === id);

/**
 * Puts `node` between `id` and what followed it: `id`'s `next` edges now leave from `node` by
 * `continueBy`, and `id` leads to `node`.
 */
export function insertAfter(
  graph: JourneyGraph,
  id: string,
  node: JourneyNode,
  continueBy = 'next',
): JourneyGraph {
  const next = cloneGraph(graph);
  next.nodes.push(node);
  for (const edge of next.edges) {
    if (edge.from === id && edge.output === 'next') {
      edge.from = node.id;
      edge.output = continueBy;
    }
  }
  next.edges.push({ from: id, to: node.id, output: 'next' });
  return next;
}

/** Puts `node` in front of `id`: every edge into `id` now enters `node`, which leads to `id` by `enterBy`. */
export function insertBefore(
  graph: JourneyGraph,
  id: string,
  node: JourneyNode,
  enterBy = 'next',
): JourneyGraph {
  const next = cloneGraph(graph);
  next.nodes.push(node);
  for (const edge of next.edges) if (edge.to === id) edge.to = node.id;
  next.edges.push({ from: node.id, to: id, output: enterBy });
  return next;
}

/**
 * Removes a node and reconnects: its predecessors continue where it led (for a branching node,
 * its first output's branch; the other branches disappear). A required output left without an
 * edge is pointed at the same place as its sibling outputs, or at a new end node (that path only).
 */
export function removeNode(graph: JourneyGraph, id: string): JourneyGraph {
  const next = cloneGraph(graph);
  const outgoing = outEdges(next, id);
  const continuation = outgoing[0]?.to;
  const incoming = inEdges(next, id);
  next.nodes = next.nodes.filter((node) => node.id !== id);
  next.edges = next.edges.filter((edge) => edge.from !== id && edge.to !== id);
  if (continuation !== undefined) {
    for (const edge of incoming) next.edges.push({ from: edge.from, to: continuation, output: edge.output });
  }
  return closeRequiredOutputs(pruneUnreachable(dedupeEdges(next)));
}

function dedupeEdges(graph: JourneyGraph): JourneyGraph {
  const seen = new Set<string>();
  graph.edges = graph.edges.filter((edge) => {
    const key = `${edge.from}\u0000${edge.output}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return graph;
}

/** Drops nodes no customer can reach any more (branches of a removed split, say). */
export function pruneUnreachable(graph: JourneyGraph): JourneyGraph {
  const entries = graph.nodes
    .filter((node) => NODE_CATALOGUE[node.type].category === 'entry')
    .map((node) => node.id);
  const reached = new Set(entries);
  const queue = [...entries];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const edge of outEdges(graph, id)) {
      if (!reached.has(edge.to)) {
        reached.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  graph.nodes = graph.nodes.filter((node) => reached.has(node.id));
  graph.edges = graph.edges.filter((edge) => reached.has(edge.from) && reached.has(edge.to));
  return graph;
}

/**
 * Gives every required output an edge: to where the node's other outputs go, else to an `end`
 * node, which ends that path only (an exit would also end the customer's other parallel branches).
 */
export function closeRequiredOutputs(graph: JourneyGraph): JourneyGraph {
  for (const node of [...graph.nodes]) {
    const required = NODE_CATALOGUE[node.type].requiredOutputs(node.config);
    const present = outEdges(graph, node.id);
    const missing = required.filter((output) => !present.some((edge) => edge.output === output));
    if (missing.length === 0) continue;
    const targets = [...new Set(present.map((edge) => edge.to))];
    let target = targets.length === 1 ? targets[0] : undefined;
    if (target === undefined) {
      target = nextId(graph, 'end');
      graph.nodes.push({ id: target, type: 'end', name: 'End of this path', config: {} });
    }
    for (const output of missing) graph.edges.push({ from: node.id, to: target, output });
  }
  return graph;
}

/** Replaces a node's fields (type, config, name) keeping its id and edges. */
export function replaceNode(
  graph: JourneyGraph,
  id: string,
  change: Partial<Omit<JourneyNode, 'id'>>,
): JourneyGraph {
  const next = cloneGraph(graph);
  next.nodes = next.nodes.map((node) => (node.id === id ? { ...node, ...change, id } : node));
  return next;
}
