/** The analytics page's default funnel through a journey graph. Pure: graph in, node ids out. */
import type { JourneyGraph } from '../api/api-models';
import { isEntry } from '../catalogue/node-outputs';

/** The most a funnel may name (the gateway's limit). */
export const MAX_FUNNEL_STEPS = 20;

/**
 * The journey's main path: from its (first) entry node, each node's first output in its own order,
 * until a node with no output, a node seen before or the funnel's limit.
 */
export function defaultFunnelPath(graph: JourneyGraph): string[] {
  const entry = graph.nodes.find((n) => isEntry(n.type));
  if (!entry) return [];
  const path = [entry.id];
  for (let at = entry.id; path.length < MAX_FUNNEL_STEPS;) {
    const next = graph.edges.find((e) => e.from === at)?.to;
    if (!next || path.includes(next)) break;
    path.push(next);
    at = next;
  }
  return path;
}
