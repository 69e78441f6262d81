/** The parts of a migration's progress bar, from its counts. Pure. */
import type { Migration } from '../api/api-models';

export interface ProgressPart {
  key: 'migrated' | 'unchanged' | 'held' | 'exited' | 'failed' | 'enqueued';
  count: number;
  /** Share of the instances taken up, in percent. */
  percent: number;
}

const ORDER: ProgressPart['key'][] = ['migrated', 'unchanged', 'held', 'exited', 'failed', 'enqueued'];

export function progressParts(counts: Migration['counts']): ProgressPart[] {
  const total = Math.max(
    counts.total,
    ORDER.reduce((sum, k) => sum + counts[k], 0),
  );
  return ORDER.map((key) => ({ key, count: counts[key], percent: total ? (100 * counts[key]) / total : 0 }));
}

/** Done once the migration is no longer running and nothing taken up waits to be processed. */
export function isSettled(m: Migration): boolean {
  return m.status !== 'running' && m.counts.enqueued === 0;
}

/** Processed share of the instances taken up, 0..100 (100 when there were none). */
export function processedPercent(counts: Migration['counts']): number {
  if (counts.total === 0) return 100;
  return Math.round((100 * (counts.total - counts.enqueued)) / counts.total);
}
