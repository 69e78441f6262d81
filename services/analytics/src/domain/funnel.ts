/** When an instance first entered each node of a path (epoch ms), by node id. */
export type FirstEntries = ReadonlyMap<string, number>;

export interface FunnelStepCount {
  nodeId: string;
  reached: number;
  rate: number;
}

/**
 * How many instances reached each step of the path in order: an instance reaches step k when it
 * entered nodes 0..k, each no earlier than the one before it. A node entered out of order (or not
 * at all) ends that instance's progress along the path.
 */
export function countFunnel(path: readonly string[], instances: Iterable<FirstEntries>): FunnelStepCount[] {
  const reached = path.map(() => 0);
  for (const entries of instances) {
    let previous = -Infinity;
    for (let step = 0; step < path.length; step++) {
      const at = entries.get(path[step]);
      if (at === undefined || at < previous) break;
      reached[step] += 1;
      previous = at;
    }
  }
  const first = reached[0] ?? 0;
  return path.map((nodeId, step) => ({
    nodeId,
    reached: reached[step],
    rate: first === 0 ? 0 : reached[step] / first,
  }));
}
