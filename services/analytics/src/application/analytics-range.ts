import { invalid } from '@kalcifer/platform';
import type { JourneyRange } from '../ports/journey-event-store';

export interface RangeQuery {
  workspaceId: string;
  journeyId: string;
  /** Epoch ms; absent: open. */
  fromMs?: number;
  toMs?: number;
}

/** A checked range: both ends whole milliseconds, `from` before `to`. */
export function journeyRange(query: RangeQuery): JourneyRange {
  if (query.workspaceId === '') throw invalid('invalid_workspace', 'workspaceId is required');
  if (query.journeyId === '') throw invalid('invalid_journey', 'journeyId is required');
  for (const [name, value] of [
    ['from', query.fromMs],
    ['to', query.toMs],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0))
      throw invalid('invalid_range', `${name} must be a time (epoch ms >= 0), got ${value}`);
  }
  if (query.fromMs !== undefined && query.toMs !== undefined && query.fromMs >= query.toMs)
    throw invalid('invalid_range', 'from must be before to');
  return {
    workspaceId: query.workspaceId,
    journeyId: query.journeyId,
    ...(query.fromMs !== undefined && { fromMs: query.fromMs }),
    ...(query.toMs !== undefined && { toMs: query.toMs }),
  };
}
