import { average, percentile } from '../domain/percentile';
import type { JourneyEventStore } from '../ports/journey-event-store';
import { journeyRange, type RangeQuery } from './analytics-range';

export interface NodeStatsView {
  nodeId: string;
  version: number;
  entered: number;
  exited: number;
  avgMs: number;
  p95Ms: number;
}

/** Per node and version over a range: visits entered and exited, average and p95 time spent. */
export class GetNodeAnalytics {
  constructor(private readonly store: JourneyEventStore) {}

  async execute(query: RangeQuery): Promise<NodeStatsView[]> {
    const visits = await this.store.nodeVisits(journeyRange(query));
    return visits.map((v) => ({
      nodeId: v.nodeId,
      version: v.version,
      entered: v.entered,
      exited: v.exited,
      avgMs: average(v.durationsMs),
      p95Ms: percentile(v.durationsMs, 95),
    }));
  }
}
