/** Customers per node and version, from the open instances' tokens. Pure. */
import type { Instance } from '../api/api-models';

export type NodeCounts = Map<string, Map<number, number>>;

/** An instance counts once at each node one of its tokens stands on (parallel paths may stand on several). */
export function countByNode(instances: Instance[]): NodeCounts {
  const counts: NodeCounts = new Map();
  for (const instance of instances) {
    for (const nodeId of new Set(instance.state.tokens.map((t) => t.nodeId))) {
      const perVersion = counts.get(nodeId) ?? new Map<number, number>();
      perVersion.set(instance.version, (perVersion.get(instance.version) ?? 0) + 1);
      counts.set(nodeId, perVersion);
    }
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
