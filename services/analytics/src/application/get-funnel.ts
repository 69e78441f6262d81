import { invalid } from '@kalcifer/platform';
import { countFunnel, type FunnelStepCount } from '../domain/funnel';
import type { JourneyEventStore } from '../ports/journey-event-store';
import { journeyRange, type RangeQuery } from './analytics-range';

export const MAX_FUNNEL_STEPS = 20;

/** How many instances reached each node of a path, in order, over a range. */
export class GetFunnel {
  constructor(private readonly store: JourneyEventStore) {}

  async execute(query: RangeQuery & { path: string[] }): Promise<FunnelStepCount[]> {
    const range = journeyRange(query);
    const path = query.path;
    if (path.length < 2 || path.length > MAX_FUNNEL_STEPS)
      throw invalid(
        'invalid_path',
        `a funnel path has 2 to ${MAX_FUNNEL_STEPS} node ids, got ${path.length}`,
      );
    if (path.some((id) => id.trim() === ''))
      throw invalid('invalid_path', 'a funnel path cannot have an empty node id');
    if (new Set(path).size !== path.length)
      throw invalid('invalid_path', 'a funnel path names each node once (a journey is a DAG)');
    return countFunnel(path, await this.store.firstEntries(range, path));
  }
}
