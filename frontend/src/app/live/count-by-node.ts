/** Customers per node and version, from the journey's occupancy. Pure. */
import type { JourneyOccupancy } from '../api/api-models';

export type NodeCounts = Map<string, Map<number, number>>;

/**
 * The occupancy's rows by node, then version. The gateway counts an instance once at each node
 * one of its tokens stands on (parallel paths may stand on several).
 */
export function countByNode(occupancy: JourneyOccupancy): NodeCounts {
  const counts: NodeCounts = new Map();
  for (const { nodeId, version, customers } of occupancy.nodes) {
    const perVersion = counts.get(nodeId) ?? new Map<number, number>();
    perVersion.set(version, (perVersion.get(version) ?? 0) + customers);
    counts.set(nodeId, perVersion);
  }
  return counts;
}

export function totalAt(counts: NodeCounts, nodeId: string): number {
  let total = 0;
  for (const n of counts.get(nodeId)?.values() ?? []) total += n;
  return total;
}

/** "v1: 3, v2: 1", versions in order. */
export function perVersionText(counts: NodeCounts, nodeId: string): string {
  return [...(counts.get(nodeId) ?? new Map<number, number>())]
    .sort(([a], [b]) => a - b)
    .map(([v, n]) => `v${v}: ${n}`)
    .join(', ');
}
