/**
 * The automatic old -> new node mapping proposed when a version is published (DESIGN.md §5):
 * the same id first; else a node of the same type, chosen by config and graph-position
 * similarity.
 */
import { deepEqual } from '../expression';
import type { JourneyGraph, JourneyNode } from '../model/graph';
import { isEntryType } from '../nodes';

/** Weights of the similarity score (they add up to 1). */
export const MAPPING_SCORE_WEIGHTS = { config: 0.6, neighbours: 0.3, depth: 0.1 } as const;
/** A candidate scoring below this is not proposed: the old node is left unmapped. */
export const MIN_MAPPING_SCORE = 0.5;

/**
 * Proposes a counterpart in `to` for every node of `from`.
 *
 * 1. A node whose id exists in `to` maps to that id (whatever its type: a changed type on an
 *    occupied node is then reported by `validateMapping`).
 * 2. Every other old node is scored against every new node of the same type that no old node
 *    claims by id:
 *    score = 0.6 × config similarity (Jaccard index of the top-level config entries, compared
 *                  by value; two empty configs are identical)
 *          + 0.3 × neighbour similarity (Jaccard index of the node's predecessors and successors,
 *                  old ones translated through the same-id mapping, vs the candidate's)
 *          + 0.1 × depth similarity (1 / (1 + |difference of distances from an entry|)).
 *    Pairs are taken greedily, best score first (ties: old node order, then new node order),
 *    each new node at most once, and only when the score is at least 0.5.
 * 3. Old nodes left over are `unmapped` (removed: the publish chooses a policy for them).
 */
export function proposeMapping(
  from: JourneyGraph,
  to: JourneyGraph,
): { mapping: Record<string, string>; unmapped: string[] } {
  const newIds = new Set(to.nodes.map((node) => node.id));
  const oldIds = new Set(from.nodes.map((node) => node.id));
  const mapping: Record<string, string> = {};
  for (const node of from.nodes) if (newIds.has(node.id)) mapping[node.id] = node.id;

  const oldLeft = from.nodes.filter((node) => mapping[node.id] === undefined);
  const newLeft = to.nodes.filter((node) => !oldIds.has(node.id));
  const fromShape = shapeOf(from);
  const toShape = shapeOf(to);
  const pairs: Array<{ old: number; new: number; score: number }> = [];
  oldLeft.forEach((oldNode, i) => {
    newLeft.forEach((newNode, j) => {
      if (oldNode.type !== newNode.type) return;
      const score = similarity(oldNode, newNode, fromShape, toShape, mapping);
      if (score >= MIN_MAPPING_SCORE) pairs.push({ old: i, new: j, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.old - b.old || a.new - b.new);
  const takenNew = new Set<number>();
  for (const pair of pairs) {
    const oldId = oldLeft[pair.old].id;
    if (mapping[oldId] !== undefined || takenNew.has(pair.new)) continue;
    mapping[oldId] = newLeft[pair.new].id;
    takenNew.add(pair.new);
  }
  const unmapped = from.nodes.filter((node) => mapping[node.id] === undefined).map((node) => node.id);
  // Keys in the old graph's node order, so the proposal reads in journey order.
  const ordered: Record<string, string> = {};
  for (const node of from.nodes) if (mapping[node.id] !== undefined) ordered[node.id] = mapping[node.id];
  return { mapping: ordered, unmapped };
}

interface Shape {
  neighbours: Map<string, Set<string>>;
  depth: Map<string, number>;
}

function shapeOf(graph: JourneyGraph): Shape {
  const neighbours = new Map<string, Set<string>>(graph.nodes.map((node) => [node.id, new Set<string>()]));
  for (const edge of graph.edges) {
    neighbours.get(edge.from)?.add(`out:${edge.to}`);
    neighbours.get(edge.to)?.add(`in:${edge.from}`);
  }
  // Breadth-first distance from the nearest entry.
  const depth = new Map<string, number>();
  let frontier = graph.nodes.filter((node) => isEntryType(node.type)).map((node) => node.id);
  frontier.forEach((id) => depth.set(id, 0));
  for (let level = 1; frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of graph.edges) {
        if (edge.from !== id || depth.has(edge.to)) continue;
        depth.set(edge.to, level);
        next.push(edge.to);
      }
    }
    frontier = next;
  }
  return { neighbours, depth };
}

function similarity(
  oldNode: JourneyNode,
  newNode: JourneyNode,
  fromShape: Shape,
  toShape: Shape,
  sameIdMapping: Record<string, string>,
): number {
  const config = configSimilarity(oldNode.config, newNode.config);
  const translated = new Set(
    [...(fromShape.neighbours.get(oldNode.id) ?? [])].map((label) => {
      const [side, id] = splitLabel(label);
      return `${side}:${sameIdMapping[id] ?? `old:${id}`}`;
    }),
  );
  const neighbours = jaccard(translated, toShape.neighbours.get(newNode.id) ?? new Set());
  const oldDepth = fromShape.depth.get(oldNode.id);
  const newDepth = toShape.depth.get(newNode.id);
  const depth =
    oldDepth === undefined || newDepth === undefined ? 0 : 1 / (1 + Math.abs(oldDepth - newDepth));
  const w = MAPPING_SCORE_WEIGHTS;
  return w.config * config + w.neighbours * neighbours + w.depth * depth;
}

function splitLabel(label: string): [string, string] {
  const colon = label.indexOf(':');
  return [label.slice(0, colon), label.slice(colon + 1)];
}

/** Jaccard index of the top-level config entries (key and deep-equal value). */
export function configSimilarity(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  if (keys.size === 0) return 1;
  let same = 0;
  for (const key of keys) {
    if (key in a && key in b && deepEqual(a[key], b[key])) same += 1;
  }
  return same / keys.size;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const item of a) if (b.has(item)) both += 1;
  return both / (a.size + b.size - both);
}
