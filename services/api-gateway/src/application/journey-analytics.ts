import { Inject, Injectable } from '@nestjs/common';
import { invalid } from '@kalcifer/platform';
import { ANALYTICS, type AnalyticsClient } from '../ports/analytics.port';
import {
  JOURNEY_LOOKUP,
  ORCHESTRATOR,
  type JourneyLookup,
  type OrchestratorClient,
} from '../ports/orchestrator.port';
import { journeyNodeIds } from './journey-node-ids';
import type { Principal } from './principal';

export interface AnalyticsRange {
  /** Epoch ms; absent: open. */
  from?: number;
  to?: number;
}

/** ISO 8601 for the API; null for an open end. */
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * A journey's analytics, answered by the analytics service. The journey is looked up in the
 * caller's workspace first, so another workspace's journey is a 404 like any unknown one.
 */
@Injectable()
export class JourneyAnalytics {
  constructor(
    @Inject(ANALYTICS) private readonly analytics: AnalyticsClient,
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
  ) {}

  async summary(principal: Principal, journeyId: string, range: AnalyticsRange) {
    const request = await this.request(principal, journeyId, range);
    const figures = await this.analytics.getJourneyAnalytics(request);
    return { journeyId, from: iso(range.from), to: iso(range.to), ...figures };
  }

  async nodes(principal: Principal, journeyId: string, range: AnalyticsRange) {
    const request = await this.request(principal, journeyId, range);
    const { nodes } = await this.analytics.getNodeAnalytics(request);
    return { journeyId, from: iso(range.from), to: iso(range.to), nodes };
  }

  /** A comparison without enough data has no test figures: null, not the proto's zeros. */
  async abResults(principal: Principal, journeyId: string, range: AnalyticsRange) {
    const request = await this.request(principal, journeyId, range);
    const { splits, minSamplePerVariant, confidence } = await this.analytics.getAbResults(request);
    return {
      journeyId,
      from: iso(range.from),
      to: iso(range.to),
      minSamplePerVariant,
      confidence,
      splits: splits.map((split) => ({
        ...split,
        comparisons: split.comparisons.map((c) =>
          c.enoughData ? c : { ...c, z: null, pValue: null, ciLow: null, ciHigh: null, significant: null },
        ),
      })),
    };
  }

  /**
   * A path naming a node the journey never had is refused (400 unknown_node, naming it and the
   * journey's nodes): a typo would otherwise read as a step nobody reached.
   */
  async funnel(principal: Principal, journeyId: string, range: AnalyticsRange, path: string[]) {
    const request = await this.request(principal, journeyId, range);
    const ids = await journeyNodeIds(this.orchestrator, this.journeys, principal.workspaceId, journeyId);
    const unknown = path.flatMap((id, i) => (ids.has(id) ? [] : [{ id, i }]));
    if (unknown.length > 0) {
      const nodeIds = [...ids].sort();
      const listed =
        nodeIds.length > 50
          ? `${nodeIds.slice(0, 50).join(', ')}, ... (all in details.nodeIds)`
          : nodeIds.join(', ') || 'none';
      const issues = unknown.map(({ id, i }) => ({
        path: `path[${i}]`,
        message: `"${id}" is not a node of journey ${journeyId}`,
      }));
      throw invalid(
        'unknown_node',
        `path names ${unknown.map(({ id }) => `"${id}"`).join(', ')}, not ${unknown.length === 1 ? 'a node' : 'nodes'} of journey ${journeyId} (its nodes: ${listed})`,
        { issues, nodeIds },
      );
    }
    const { steps } = await this.analytics.getFunnel({ ...request, path });
    return { journeyId, from: iso(range.from), to: iso(range.to), path, steps };
  }

  private async request(principal: Principal, journeyId: string, range: AnalyticsRange) {
    // Throws not_found (404) for a journey this workspace does not have.
    await this.journeys.get(principal.workspaceId, journeyId);
    return { workspaceId: principal.workspaceId, journeyId, fromMs: range.from ?? 0, toMs: range.to ?? 0 };
  }
}
