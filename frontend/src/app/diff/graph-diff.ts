/**
 * Two graphs side by side on one canvas: the "after" graph with the nodes and edges the "before"
 * graph had and lost, each marked added, removed, changed or unchanged. Pure.
 */
import type { GraphEdge, GraphNode, JourneyGraph, VersionDiff } from '../api/api-models';
import { autoLayout } from '../editor/domain/auto-layout';

export type DiffMark = 'added' | 'removed' | 'changed' | 'same';

export interface DiffCanvasGraph {
  nodes: (GraphNode & { mark: DiffMark })[];
  edges: (GraphEdge & { mark: DiffMark })[];
}

const edgeKey = (e: GraphEdge) => `${e.from}:${e.output}:${e.to}`;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The diff of two graphs in the gateway's shape (`GET /v1/journeys/{id}/diff`), for a proposal not yet saved. */
export function compareGraphs(before: JourneyGraph, after: JourneyGraph): VersionDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  const changedNodes: VersionDiff['changedNodes'] = [];
  for (const node of after.nodes) {
    const was = old.get(node.id);
    if (!was) continue;
    const keys = new Set([...Object.keys(was.config ?? {}), ...Object.keys(node.config ?? {})]);
    const changedFields = [...keys].filter((k) => !sameJson(was.config?.[k], node.config?.[k]));
    if ((was.name ?? '') !== (node.name ?? '')) changedFields.push('name');
    const type = was.type === node.type ? undefined : { from: was.type, to: node.type };
    if (type || changedFields.length)
      changedNodes.push(type ? { id: node.id, type, changedFields } : { id: node.id, changedFields });
  }
  return {
    from: null,
    to: 'draft',
    addedNodes: after.nodes.filter((n) => !old.has(n.id)).map((n) => n.id),
    removedNodes: before.nodes.filter((n) => !now.has(n.id)).map((n) => n.id),
    changedNodes,
    addedEdges: after.edges.filter((e) => !oldEdges.has(edgeKey(e))),
    removedEdges: before.edges.filter((e) => !newEdges.has(edgeKey(e))),
  };
}

/** The union of both graphs, marked by `diff`, laid out afresh so removed nodes sit where they were in the flow. */
export function diffCanvasGraph(
  before: JourneyGraph,
  after: JourneyGraph,
  diff: VersionDiff,
): DiffCanvasGraph {
  const added = new Set(diff.addedNodes);
  const removed = new Set(diff.removedNodes);
  const changed = new Set(diff.changedNodes.map((c) => c.id));
  const addedEdges = new Set(diff.addedEdges.map(edgeKey));
  const removedEdges = new Set(diff.removedEdges.map(edgeKey));
  const markNode = (id: string): DiffMark =>
    added.has(id) ? 'added' : removed.has(id) ? 'removed' : changed.has(id) ? 'changed' : 'same';
  const markEdge = (e: GraphEdge): DiffMark =>
    addedEdges.has(edgeKey(e)) ? 'added' : removedEdges.has(edgeKey(e)) ? 'removed' : 'same';
  const nodes = [
    ...after.nodes,
    ...before.nodes.filter((n) => removed.has(n.id) && !after.nodes.some((a) => a.id === n.id)),
  ];
  const afterKeys = new Set(after.edges.map(edgeKey));
  const edges = [
    ...after.edges,
    ...before.edges.filter((e) => removedEdges.has(edgeKey(e)) && !afterKeys.has(edgeKey(e))),
  ];
  const positions = autoLayout({ nodes, edges });
  return {
    nodes: nodes.map((n) => ({
      ...n,
      position: positions.get(n.id) ?? { x: 0, y: 0 },
      mark: markNode(n.id),
    })),
    edges: edges.map((e) => ({ ...e, mark: markEdge(e) })),
  };
}

const edgeText = (e: GraphEdge) => `${e.from} → ${e.to} (${e.output})`;

/** The diff in words, one line per change. */
export function describeDiff(diff: VersionDiff): string[] {
  return [
    ...diff.addedNodes.map((id) => `added node ${id}`),
    ...diff.removedNodes.map((id) => `removed node ${id}`),
    ...diff.changedNodes.map(
      (c) =>
        `changed ${c.id}${c.type ? ` (type ${c.type.from} → ${c.type.to})` : ''}: ${c.changedFields.join(', ')}`,
    ),
    ...diff.addedEdges.map((e) => `added edge ${edgeText(e)}`),
    ...diff.removedEdges.map((e) => `removed edge ${edgeText(e)}`),
  ];
}
