/** Whole-graph checks: an entry exists, no cycle, every node is reachable from an entry. */
import type { JourneyEdge, JourneyNode } from '../model/graph';
import { NODE_CATALOGUE } from '../nodes';
import { findCycles, reachableFrom } from './graph-analysis';
import { describeNode as describe } from './issue-wording';
import type { ValidationIssue } from './validation-issue';

export function checkStructure(
  nodes: Map<string, JourneyNode>,
  edges: JourneyEdge[],
  errors: ValidationIssue[],
): void {
  const ids = [...nodes.keys()];
  const adjacency = new Map<string, string[]>(ids.map((id) => [id, []]));
  const incoming = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) {
    adjacency.get(edge.from)!.push(edge.to);
    incoming.get(edge.to)!.push(edge.from);
  }
  const isEntry = (id: string): boolean => NODE_CATALOGUE[nodes.get(id)!.type].category === 'entry';
  const entries = ids.filter(isEntry);
  if (entries.length === 0) {
    errors.push({
      code: 'no_entry',
      message:
        'The journey has no entry node; add a manual_entry or event_entry node and connect it to the first step',
    });
  }

  for (const cycle of findCycles(ids, adjacency)) {
    const loop = [...cycle, cycle[0]].join(' -> ');
    errors.push({
      code: 'cycle',
      nodeId: cycle[0],
      nodeIds: cycle,
      message: `Nodes ${cycle.map((id) => `"${id}"`).join(', ')} form a cycle (${loop}); journeys must not loop back: remove or redirect one of these edges`,
    });
  }

  // Without an entry every first step would look orphaned; no_entry already says what to fix.
  if (entries.length === 0) return;
  const reachable = reachableFrom(entries, adjacency);
  for (const id of ids) {
    if (isEntry(id)) continue;
    const node = nodes.get(id)!;
    if (incoming.get(id)!.length === 0) {
      errors.push({
        code: 'orphan_node',
        nodeId: id,
        message: `${describe(node)} has no incoming edge, so no customer can reach it; connect an edge to it or remove it`,
      });
    } else if (!reachable.has(id)) {
      const from = incoming
        .get(id)!
        .map((source) => `"${source}"`)
        .join(', ');
      errors.push({
        code: 'unreachable_node',
        nodeId: id,
        message: `${describe(node)} cannot be reached from any entry node (its incoming edges come from ${from}, which no customer reaches); connect it to the journey's path or remove it`,
      });
    }
  }
}
