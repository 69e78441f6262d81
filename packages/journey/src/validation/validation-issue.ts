/** The typed result of graph validation; mapped once per transport to HTTP 422 / gRPC INVALID_ARGUMENT. */

export const VALIDATION_CODES = [
  'invalid_shape',
  'duplicate_node_id',
  'unknown_node_type',
  'invalid_config',
  'no_entry',
  'dangling_edge',
  'invalid_output',
  'missing_output',
  'duplicate_output',
  'edge_into_entry',
  'cycle',
  'orphan_node',
  'unreachable_node',
  'invalid_exit_criteria',
  'invalid_goal',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

export interface ValidationIssue {
  code: ValidationCode;
  /** The node the issue is about (for a cycle: the first node on it). */
  nodeId?: string;
  /** Every node involved, when there are several (the nodes on a cycle), for editors to highlight. */
  nodeIds?: string[];
  edge?: { from: string; to: string; output: string };
  /** JSON path of the offending value, e.g. `nodes[3].config.duration`. */
  path?: string;
  /** Names the node and says what to fix. */
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: ValidationIssue[];
}

export class JourneyValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`Journey graph is invalid (${count}): ${issues.map((issue) => issue.message).join('; ')}`);
    this.name = 'JourneyValidationError';
  }
}
