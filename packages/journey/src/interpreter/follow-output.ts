/** How a token leaves a node: along the edge of the output it took, or its path ends. */
import type { JourneyNode } from '../model/graph';
import type { Token } from '../model/instance';
import type { StepRun } from './step-run';

/**
 * Leaves `node` by `output`: along the edge with that label if there is one (the token stays
 * ready), else the token's path ends here and the token is removed. `why` says in words why this
 * output; `reason` keeps the same as data for the trace (a condition's value, the variant drawn).
 */
export function followOutput(
  run: StepRun,
  token: Token,
  node: JourneyNode,
  output: string,
  why?: string,
  reason?: Record<string, unknown>,
): void {
  const edge = run.edge(node.id, output);
  const where = edge === undefined ? 'end of path' : `to "${edge.to}"`;
  run.record('node_completed', {
    nodeId: node.id,
    tokenId: token.id,
    message: `took output "${output}" (${where})${why === undefined ? '' : `: ${why}`}`,
    data: reason === undefined ? { output } : { output, ...reason },
  });
  if (edge === undefined) {
    run.removeToken(token);
    return;
  }
  token.nodeId = edge.to;
  token.state = 'ready';
  delete token.wait;
  delete token.firedWhilePaused;
}
