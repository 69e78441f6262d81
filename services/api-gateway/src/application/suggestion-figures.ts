/**
 * The figures the designer judges a journey by (FR-1.7), read from the analytics service when the
 * caller gives none: per node, summed over the versions the visits entered in.
 *  - entered: visits that entered the node in the range;
 *  - droppedOff: of them, visits whose customer left the journey at the node (exited or failed
 *    there: exit criteria, an exit command, a failure), not customers still there.
 * `opened` is not given: the analytics service does not count message statuses per node yet, so
 * the designer makes no open-rate suggestion from these figures.
 */
export interface NodeStatsInput {
  nodeId: string;
  entered: number;
  ended: number;
}

export interface SuggestionFigure {
  nodeId: string;
  entered: number;
  droppedOff: number;
}

/** The range read when the caller gives no `from`: the last 30 days. */
export const DEFAULT_SUGGESTION_WINDOW_MS = 30 * 24 * 3_600_000;

export function suggestionFigures(nodes: readonly NodeStatsInput[]): SuggestionFigure[] {
  const byNode = new Map<string, SuggestionFigure>();
  for (const row of nodes) {
    const figure = byNode.get(row.nodeId) ?? { nodeId: row.nodeId, entered: 0, droppedOff: 0 };
    figure.entered += row.entered;
    figure.droppedOff += row.ended;
    byNode.set(row.nodeId, figure);
  }
  return [...byNode.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId));
}
