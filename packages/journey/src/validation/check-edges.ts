/** Per-edge checks (ends exist, labels, duplicates, entries) and required outputs per node. */
import type { JourneyEdge, JourneyNode } from '../model/graph';
import { NODE_CATALOGUE } from '../nodes';
import { describeEdge as arrow, describeNode as describe, isRecord } from './issue-wording';
import type { ValidationIssue } from './validation-issue';

/** Edges whose ends exist (whatever their label): the structure that cycles and reachability see. */
export function checkEdges(
  rawEdges: unknown[],
  nodes: Map<string, JourneyNode>,
  errors: ValidationIssue[],
): JourneyEdge[] {
  const structural: JourneyEdge[] = [];
  const used = new Map<string, JourneyEdge>();
  const exists = (id: string): boolean => nodes.has(id);
  rawEdges.forEach((raw, i) => {
    const path = `edges[${i}]`;
    if (
      !isRecord(raw) ||
      !isNonEmptyString(raw.from) ||
      !isNonEmptyString(raw.to) ||
      !isNonEmptyString(raw.output)
    ) {
      errors.push({
        code: 'invalid_shape',
        path,
        message: `${path} must be an object with "from", "to" and "output" strings (e.g. {"from": "a", "to": "b", "output": "next"})`,
      });
      return;
    }
    const edge: JourneyEdge = { from: raw.from, to: raw.to, output: raw.output };
    for (const end of ['from', 'to'] as const) {
      if (!exists(edge[end]) && !isDeclaredElsewhere(edge[end], errors)) {
        errors.push({
          code: 'dangling_edge',
          edge,
          path: `${path}.${end}`,
          message: `Edge ${arrow(edge)} ${end === 'from' ? 'starts at' : 'points to'} "${edge[end]}", which is not a node; point it at an existing node or remove it`,
        });
      }
    }
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    if (from === undefined || to === undefined) return;
    structural.push(edge);

    // Label, duplicate and entry checks are independent: report every problem of the edge at once.
    const allowed = NODE_CATALOGUE[from.type].allowedOutputs(from.config);
    const key = `${edge.from}\u0000${edge.output}`;
    const earlier = used.get(key);
    if (!allowed.includes(edge.output)) {
      errors.push({
        code: 'invalid_output',
        nodeId: from.id,
        edge,
        path: `${path}.output`,
        message: outputHint(from, edge, allowed),
      });
    } else if (earlier !== undefined) {
      errors.push({
        code: 'duplicate_output',
        nodeId: from.id,
        edge,
        path,
        message: `${describe(from)} has two edges leaving by "${edge.output}" (to "${earlier.to}" and "${edge.to}"); an output leads to one node: keep one edge`,
      });
    } else {
      used.set(key, edge);
    }
    if (NODE_CATALOGUE[to.type].category === 'entry') {
      errors.push({
        code: 'edge_into_entry',
        nodeId: to.id,
        edge,
        path: `${path}.to`,
        message: `Edge ${arrow(edge)} leads into entry ${describe(to)}; entry nodes only start the journey: point the edge at another node`,
      });
    }
  });

  for (const node of nodes.values()) {
    for (const output of NODE_CATALOGUE[node.type].requiredOutputs(node.config)) {
      if (!used.has(`${node.id}\u0000${output}`)) {
        errors.push({
          code: 'missing_output',
          nodeId: node.id,
          message: `${describe(node)} has no "${output}" edge; add an edge leaving by "${output}" (${requiredWhy(node)})`,
        });
      }
    }
  }
  return structural;
}

/** An id that exists but was rejected (duplicate, unknown type) must not also be called dangling. */
function isDeclaredElsewhere(id: string, errors: ValidationIssue[]): boolean {
  return errors.some(
    (issue) =>
      issue.nodeId === id && (issue.code === 'unknown_node_type' || issue.code === 'duplicate_node_id'),
  );
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function outputHint(from: JourneyNode, edge: JourneyEdge, allowed: readonly string[]): string {
  if (allowed.length === 0) {
    return `${describe(from)} ends the journey and has no outputs; remove the edge to "${edge.to}"`;
  }
  if (from.type === 'wait_for_event' && edge.output === 'timeout') {
    return `${describe(from)} has a "timeout" edge but no timeout; set config.timeout (e.g. "P3D") or remove the edge`;
  }
  return `${describe(from)} has no output "${edge.output}" (edge to "${edge.to}"); use ${allowed.map((o) => `"${o}"`).join(' or ')}`;
}

const REQUIRED_WHY: Partial<Record<JourneyNode['type'], string>> = {
  condition: 'a condition needs both a "true" and a "false" edge',
  wait_for_event: 'a wait_for_event with a timeout needs both an "event" and a "timeout" edge',
  ab_split: 'every variant needs an edge, or its customers would be stranded',
  parallel: 'every declared branch needs an edge',
};

function requiredWhy(node: JourneyNode): string {
  return REQUIRED_WHY[node.type] ?? 'a customer leaving by it would have nowhere to go';
}
