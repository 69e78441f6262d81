import { invalid } from '@kalcifer/platform';
import { validateGraph, type ValidationIssue } from '@kalcifer/journey';

/**
 * A graph sent to be stored (new journey, draft save) must be valid, as the orchestrator also
 * requires; checking it here answers at once, names every issue, and spares a gRPC call.
 * `details.errors` has the same shape as the answer of POST /journeys/{id}/validate.
 */
export function assertValidGraphInput(graph: unknown): void {
  const { errors } = validateGraph(graph);
  if (errors.length > 0) throw invalidGraph(errors);
}

export function invalidGraph(issues: ValidationIssue[]) {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more in details.errors)` : '';
  return invalid(
    'invalid_graph',
    `the journey graph is not valid: ${issues[0]?.message ?? 'invalid graph'}${more}`,
    {
      errors: issues.map(toIssueView),
    },
  );
}

export type GraphIssueView = ReturnType<typeof toIssueView>;

/** The public issue shape: `{code, nodeId?, message}` plus, where known, the edge and JSON path. */
export function toIssueView(issue: ValidationIssue) {
  return {
    code: issue.code,
    ...(issue.nodeId !== undefined && { nodeId: issue.nodeId }),
    ...(issue.nodeIds !== undefined && { nodeIds: issue.nodeIds }),
    ...(issue.edge !== undefined && { edge: issue.edge }),
    ...(issue.path !== undefined && { path: issue.path }),
    message: issue.message,
  };
}
