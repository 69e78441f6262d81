/**
 * Reachability on a journey graph: what lies downstream of a node, and which nodes every path to
 * a node must pass through. A published graph is immutable, so results are cached per graph.
 */
import type { JourneyGraph } from '../model/graph';
import { isEntryType } from '../nodes';

interface ReachCache {
  successors: Map<string, string[]>;
  predecessors: Map<string, string[]>;
  descendants: Map<string, ReadonlySet<string>>;
  dominators?: Map<string, ReadonlySet<string>>;
}

const caches = new WeakMap<JourneyGraph, ReachCache>();

function cache(graph: JourneyGraph): ReachCache {
  let entry = caches.get(graph);
  if (entry === undefined) {
    const successors = new Map<string, string[]>();
    const predecessors = new Map<string, string[]>();
    for (const node of graph.nodes) {
      successors.set(node.id, []);
      predecessors.set(node.id, []);
    }
    for (const edge of graph.edges) {
      successors.get(edge.from)?.push(edge.to);
      predecessors.get(edge.to)?.push(edge.from);
    }
    entry = { successors, predecessors, descendants: new Map() };
    caches.set(graph, entry);
  }
  return entry;
}

/** The targets of a node's edges, in the order the edges are listed. */
export function successorsOf(graph: JourneyGraph, nodeId: string): readonly string[] {
  return cache(graph).successors.get(nodeId) ?? [];
}

/** Every node reachable from `nodeId` by one or more edges (not the node itself on a DAG). */
export function descendantsOf(graph: JourneyGraph, nodeId: string): ReadonlySet<string> {
  const reach = cache(graph);
  const known = reach.descendants.get(nodeId);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const stack = [...(reach.successors.get(nodeId) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(reach.successors.get(next) ?? []));
  }
  reach.descendants.set(nodeId, seen);
  return seen;
}

/**
 * The strict dominators of `nodeId`: the nodes that every path from an entry to it passes
 * through, so every customer standing there has executed them. Empty for entries and for nodes
 * no entry reaches.
 */
export function dominatorsOf(graph: JourneyGraph, nodeId: string): ReadonlySet<string> {
  const reach = cache(graph);
  reach.dominators ??= computeDominators(graph, reach);
  return reach.dominators.get(nodeId) ?? new Set();
}

/** The classic iterative data-flow: dom(n) = {n} ∪ ⋂ dom(p) over the predecessors p of n. */
function computeDominators(graph: JourneyGraph, reach: ReachCache): Map<string, ReadonlySet<string>> {
  const entries = graph.nodes.filter((node) => isEntryType(node.type)).map((node) => node.id);
  // Only nodes some entry reaches: nobody can stand anywhere else.
  const reachable = new Set(entries);
  for (const entry of entries) for (const id of descendantsOf(graph, entry)) reachable.add(id);
  const order = graph.nodes.map((node) => node.id).filter((id) => reachable.has(id));
  const dom = new Map<string, Set<string>>();
  for (const id of order) dom.set(id, entries.includes(id) ? new Set([id]) : new Set(order));
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of order) {
      if (entries.includes(id)) continue;
      const preds = (reach.predecessors.get(id) ?? []).filter((pred) => reachable.has(pred));
      const next = new Set(dom.get(preds[0]));
      for (const pred of preds.slice(1)) {
        const other = dom.get(pred)!;
        for (const candidate of next) if (!other.has(candidate)) next.delete(candidate);
      }
      next.add(id);
      if (next.size !== dom.get(id)!.size) {
        dom.set(id, next);
        changed = true;
      }
    }
  }
  const strict = new Map<string, ReadonlySet<string>>();
  for (const [id, set] of dom) {
    const copy = new Set(set);
    copy.delete(id);
    strict.set(id, copy);
  }
  return strict;
}
