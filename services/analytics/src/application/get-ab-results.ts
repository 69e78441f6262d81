import {
  CONFIDENCE,
  MIN_SAMPLE_PER_VARIANT,
  splitResult,
  type SplitResult,
  type VariantCount,
} from '../domain/ab-significance';
import type { JourneyEventStore } from '../ports/journey-event-store';
import { journeyRange, type RangeQuery } from './analytics-range';

export interface AbResultsView {
  splits: SplitResult[];
  minSamplePerVariant: number;
  confidence: number;
}

/**
 * Per ab_split node over a range: each variant's customers and conversions, and every pair of
 * variants compared (two-proportion z-test, 95% interval), or "not enough data".
 */
export class GetAbResults {
  constructor(private readonly store: JourneyEventStore) {}

  async execute(query: RangeQuery): Promise<AbResultsView> {
    const outcomes = await this.store.variantOutcomes(journeyRange(query));
    const byNode = new Map<string, VariantCount[]>();
    for (const o of outcomes) {
      const counts = byNode.get(o.nodeId) ?? [];
      counts.push({ variant: o.variant, entered: o.entered, converted: o.converted });
      byNode.set(o.nodeId, counts);
    }
    return {
      splits: [...byNode].map(([nodeId, counts]) => splitResult(nodeId, counts)),
      minSamplePerVariant: MIN_SAMPLE_PER_VARIANT,
      confidence: CONFIDENCE,
    };
  }
}
