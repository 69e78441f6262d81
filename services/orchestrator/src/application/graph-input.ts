import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { invalid } from '@kalcifer/platform';
import { checkNodeTemplates } from '@kalcifer/templates';

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

/**
 * A graph about to be published: valid, and every message template compiles (Liquid syntax,
 * unknown filters), so a broken template is refused at publish time instead of failing sends.
 */
export function requirePublishableGraph(graph: unknown): JourneyGraph {
  const valid = requireValidGraph(graph);
  const errors = valid.nodes.flatMap((node) =>
    checkNodeTemplates(node.type, node.config).map((problem) => ({
      nodeId: node.id,
      code: 'invalid_template',
      field: problem.field,
      message: `node "${node.id}" (${node.type}): ${problem.message}`,
    })),
  );
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : '';
    throw invalid('invalid_graph', `A template does not compile: ${errors[0].message}${more}`, { errors });
  }
  return valid;
}

export const EMPTY_GRAPH: JourneyGraph = { nodes: [], edges: [] };
