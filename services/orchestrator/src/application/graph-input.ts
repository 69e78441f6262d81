import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { invalid } from '@kalcifer/platform';

/** A graph from a request: valid, or an `invalid_graph` error listing every problem. Nothing is stored otherwise. */
export function requireValidGraph(graph: unknown): JourneyGraph {
  const result = validateGraph(graph);
  if (!result.ok) {
    const first = result.errors[0]?.message ?? 'invalid graph';
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problem(s))` : '';
    throw invalid('invalid_graph', `The journey graph is not valid: ${first}${more}`, {
      errors: result.errors,
    });
  }
  return graph as JourneyGraph;
}

export const EMPTY_GRAPH: JourneyGraph = { nodes: [], edges: [] };
