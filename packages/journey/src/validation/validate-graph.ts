/**
 * Validates a journey graph received as untrusted JSON. Every issue has a machine-readable code
 * and a message that names the node and says what to fix, because the same messages are shown
 * in the editor, returned by the API and fed back to the AI designer.
 */
import { parseExpression } from '../expression';
import type { JourneyGraph } from '../model/graph';
import { checkEdges } from './check-edges';
import { checkNodes } from './check-nodes';
import { checkStructure } from './check-structure';
import { isRecord } from './issue-wording';
import { JourneyValidationError, type ValidationIssue, type ValidationResult } from './validation-issue';

export { NODE_ID_PATTERN } from './check-nodes';

export function validateGraph(graph: unknown): ValidationResult {
  const errors: ValidationIssue[] = [];
  if (!isRecord(graph)) {
    errors.push({
      code: 'invalid_shape',
      message: 'A journey graph must be a JSON object with "nodes" and "edges" arrays',
    });
    return { ok: false, errors };
  }
  for (const key of ['nodes', 'edges'] as const) {
    if (!Array.isArray(graph[key])) {
      errors.push({
        code: 'invalid_shape',
        path: key,
        message: `The graph needs a "${key}" array (it may be empty)`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const nodes = checkNodes(graph.nodes as unknown[], errors);
  const edges = checkEdges(graph.edges as unknown[], nodes, errors);
  checkStructure(nodes, edges, errors);
  checkExitCriteria(graph.exitCriteria, errors);
  checkGoal(graph.goal, errors);
  return { ok: errors.length === 0, errors };
}

/** Throws JourneyValidationError listing every issue unless the graph is valid. */
export function assertValidGraph(graph: unknown): asserts graph is JourneyGraph {
  const result = validateGraph(graph);
  if (!result.ok) throw new JourneyValidationError(result.errors);
}

function checkExitCriteria(exitCriteria: unknown, errors: ValidationIssue[]): void {
  if (exitCriteria === undefined) return;
  if (typeof exitCriteria !== 'string' || exitCriteria.trim() === '') {
    errors.push({
      code: 'invalid_exit_criteria',
      path: 'exitCriteria',
      message:
        'Exit criteria must be an expression string such as "customer.unsubscribed == true"; omit the field for none',
    });
    return;
  }
  try {
    parseExpression(exitCriteria);
  } catch (error) {
    errors.push({
      code: 'invalid_exit_criteria',
      path: 'exitCriteria',
      message: `Exit criteria: ${(error as Error).message}`,
    });
  }
}

function checkGoal(goal: unknown, errors: ValidationIssue[]): void {
  if (goal === undefined) return;
  const problems: string[] = [];
  if (!isRecord(goal)) {
    problems.push('must be an object such as {"event": "purchase_completed"}');
  } else {
    if (typeof goal.event !== 'string' || goal.event === '') {
      problems.push('"event" must name the conversion event, e.g. "purchase_completed"');
    }
    if (goal.exitOnGoal !== undefined && typeof goal.exitOnGoal !== 'boolean') {
      problems.push('"exitOnGoal" must be true or false');
    }
    for (const key of Object.keys(goal)) {
      if (key !== 'event' && key !== 'exitOnGoal')
        problems.push(`unknown field "${key}"; known fields: event, exitOnGoal`);
    }
  }
  for (const problem of problems) {
    errors.push({ code: 'invalid_goal', path: 'goal', message: `Goal: ${problem}` });
  }
}
