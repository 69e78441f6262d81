/** The difference between two versions of a journey, node by node (ids are the identity). */
import { deepEqual } from '../expression';
import type { JourneyEdge, JourneyGoal, JourneyGraph } from '../model/graph';

export interface ChangedNode {
  id: string;
  /** Present when the node's type changed. */
  type?: { from: string; to: string };
  /** Top-level config keys whose value differs (added, removed or changed), sorted; `name` too. */
  changedFields: string[];
}

export interface VersionDiff {
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: ChangedNode[];
  addedEdges: JourneyEdge[];
  removedEdges: JourneyEdge[];
  /** Present only when the exit criteria differ; an absent side had none. */
  exitCriteria?: { from?: string; to?: string };
  /** Present only when the goal differs; an absent side had none. */
  goal?: { from?: JourneyGoal; to?: JourneyGoal };
}

/**
 * Added, removed and changed nodes (by id; a changed node lists the config fields that differ —
 * the editor-only `position` is ignored), added and removed edges (an edge is its from, output
 * and to), and the exit criteria and goal when they changed. Lists follow the graphs' order.
 */
export function diffVersions(from: JourneyGraph, to: JourneyGraph): VersionDiff {
  const oldNodes = new Map(from.nodes.map((node) => [node.id, node]));
  const newNodes = new Map(to.nodes.map((node) => [node.id, node]));
  const changedNodes: ChangedNode[] = [];
  for (const node of to.nodes) {
    const old = oldNodes.get(node.id);
    if (old === undefined) continue;
    const keys = [...new Set([...Object.keys(old.config), ...Object.keys(node.config)])].sort();
    const changedFields = keys.filter((key) => !sameValue(old.config[key], node.config[key]));
    if ((old.name ?? '') !== (node.name ?? '')) changedFields.push('name');
    const typeChanged = old.type !== node.type;
    if (!typeChanged && changedFields.length === 0) continue;
    changedNodes.push({
      id: node.id,
      ...(typeChanged ? { type: { from: old.type, to: node.type } } : {}),
      changedFields,
    });
  }
  const oldEdges = new Set(from.edges.map(edgeId));
  const newEdges = new Set(to.edges.map(edgeId));
  const diff: VersionDiff = {
    addedNodes: to.nodes.filter((node) => !oldNodes.has(node.id)).map((node) => node.id),
    removedNodes: from.nodes.filter((node) => !newNodes.has(node.id)).map((node) => node.id),
    changedNodes,
    addedEdges: to.edges.filter((edge) => !oldEdges.has(edgeId(edge))).map(copyEdge),
    removedEdges: from.edges.filter((edge) => !newEdges.has(edgeId(edge))).map(copyEdge),
  };
  if (from.exitCriteria !== to.exitCriteria) {
    diff.exitCriteria = withDefined({ from: from.exitCriteria, to: to.exitCriteria });
  }
  if (!sameValue(from.goal, to.goal)) diff.goal = withDefined({ from: from.goal, to: to.goal });
  return diff;
}

function sameValue(a: unknown, b: unknown): boolean {
  // deepEqual treats undefined and null alike (expression semantics); a diff must not.
  if ((a === undefined) !== (b === undefined)) return false;
  return deepEqual(a, b);
}

function edgeId(edge: JourneyEdge): string {
  return `${edge.from}\u0000${edge.output}\u0000${edge.to}`;
}

function copyEdge(edge: JourneyEdge): JourneyEdge {
  return { from: edge.from, to: edge.to, output: edge.output };
}

function withDefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
