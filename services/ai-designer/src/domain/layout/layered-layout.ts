/**
 * Canvas positions for the editor: a layered DAG layout (Sugiyama-style, simplified). Each node
 * sits on the layer of its longest path from an entry, so every edge points downwards; within a
 * layer nodes are ordered by the mean position of their parents (one barycentre sweep), which
 * keeps branches side by side and mostly uncrossed.
 */
import type { JourneyGraph, JourneyNode } from '@kalcifer/journey';

export const LAYER_GAP = 160;
export const COLUMN_GAP = 280;

export function layoutGraph(graph: JourneyGraph): JourneyGraph {
  const ids = graph.nodes.map((node) => node.id);
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of graph.edges) {
    if (!parents.has(edge.to) || !children.has(edge.from)) continue;
    parents.get(edge.to)!.push(edge.from);
    children.get(edge.from)!.push(edge.to);
  }
  const layer = longestPathLayers(ids, parents, children);
  const byLayer = new Map<number, string[]>();
  for (const id of ids) {
    const rank = layer.get(id) ?? 0;
    byLayer.set(rank, [...(byLayer.get(rank) ?? []), id]);
  }
  const column = new Map<string, number>();
  for (const rank of [...byLayer.keys()].sort((a, b) => a - b)) {
    const row = byLayer.get(rank)!;
    const barycentre = (id: string): number => {
      const placed = parents.get(id)!.filter((parent) => column.has(parent));
      return placed.length === 0
        ? row.indexOf(id)
        : placed.reduce((sum, p) => sum + column.get(p)!, 0) / placed.length;
    };
    const order = [...row].sort((a, b) => barycentre(a) - barycentre(b) || row.indexOf(a) - row.indexOf(b));
    order.forEach((id, i) => column.set(id, i - (order.length - 1) / 2));
  }
  const place = (node: JourneyNode): JourneyNode => ({
    ...node,
    position: {
      x: Math.round((column.get(node.id) ?? 0) * COLUMN_GAP),
      y: (layer.get(node.id) ?? 0) * LAYER_GAP,
    },
  });
  return { ...graph, nodes: graph.nodes.map(place) };
}

/** Layer = length of the longest path from a node without parents (Kahn's order); cycles stay at 0. */
function longestPathLayers(
  ids: string[],
  parents: Map<string, string[]>,
  children: Map<string, string[]>,
): Map<string, number> {
  const layer = new Map<string, number>();
  const waiting = new Map(ids.map((id) => [id, parents.get(id)!.length]));
  const ready = ids.filter((id) => waiting.get(id) === 0);
  for (const id of ready) layer.set(id, 0);
  while (ready.length > 0) {
    const id = ready.shift()!;
    for (const child of children.get(id)!) {
      layer.set(child, Math.max(layer.get(child) ?? 0, layer.get(id)! + 1));
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return layer;
}
