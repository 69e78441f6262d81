import type { JourneyEventStore } from '../ports/journey-event-store';
import { journeyRange, type RangeQuery } from './analytics-range';

export interface JourneyAnalyticsView {
  entered: number;
  completed: number;
  exited: number;
  failed: number;
  converted: number;
  conversionRate: number;
}

/** Per journey over a range: instances entered, ended (each way) and converted (reached a goal). */
export class GetJourneyAnalytics {
  constructor(private readonly store: JourneyEventStore) {}

  async execute(query: RangeQuery): Promise<JourneyAnalyticsView> {
    const range = journeyRange(query);
    const [counts, converted] = await Promise.all([
      this.store.countByType(range, [
        'journey.entered',
        'journey.completed',
        'journey.exited',
        'journey.failed',
      ]),
      this.store.countConverted(range),
    ]);
    const entered = counts.get('journey.entered') ?? 0;
    return {
      entered,
      completed: counts.get('journey.completed') ?? 0,
      exited: counts.get('journey.exited') ?? 0,
      failed: counts.get('journey.failed') ?? 0,
      converted,
      conversionRate: entered === 0 ? 0 : converted / entered,
    };
  }
}
