/**
 * Layered left-to-right layout: a node's column is the longest path to it from an entry, and the
 * nodes of a column are ordered by the average row of their parents (one pass of the barycentre
 * heuristic), which keeps branches apart without crossing in the common journey shapes.
 */
import type { JourneyGraph, Position } from '../../api/api-models';

export const COLUMN_WIDTH = 320;
export const ROW_HEIGHT = 120;

export function autoLayout(graph: JourneyGraph): Map<string, Position> {
  const ids = graph.nodes.map((n) => n.id);
  const known = new Set(ids);
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) {
    if (known.has(e.from) && known.has(e.to)) parents.get(e.to)!.push(e.from);
  }

  const column = new Map<string, number>();
  const visiting = new Set<string>();
  const columnOf = (id: string): number => {
    const done = column.get(id);
    if (done !== undefined) return done;
    if (visiting.has(id)) return 0; // a cycle (the validator reports it): break it here
    visiting.add(id);
    const c = Math.max(-1, ...parents.get(id)!.map(columnOf)) + 1;
    visiting.delete(id);
    column.set(id, c);
    return c;
  };
  ids.forEach(columnOf);

  const columns: string[][] = [];
  for (const id of ids) (columns[column.get(id)!] ??= []).push(id);

  const row = new Map<string, number>();
  const positions = new Map<string, Position>();
  columns.forEach((members, c) => {
    const keyed = members.map((id, index) => {
      const rows = parents
        .get(id)!
        .map((p) => row.get(p))
        .filter((r): r is number => r !== undefined);
      const key = rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : index;
      return { id, key, index };
    });
    keyed.sort((a, b) => a.key - b.key || a.index - b.index);
    const offset = (keyed.length - 1) / 2;
    keyed.forEach(({ id }, r) => {
      row.set(id, r - offset);
      positions.set(id, { x: c * COLUMN_WIDTH, y: Math.round((r - offset) * ROW_HEIGHT) });
    });
  });
  return positions;
}

export function needsLayout(graph: JourneyGraph): boolean {
  return graph.nodes.some((n) => !n.position);
}
