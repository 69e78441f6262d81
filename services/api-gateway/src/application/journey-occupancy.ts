import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';

export interface JourneyOccupancyView {
  journeyId: string;
  /** Open instances per version number: {"1": 120, "2": 30}. */
  perVersion: Record<string, number>;
  /** One row per version and node with customers on it, ordered by version, then node id. */
  nodes: Array<{ version: number; nodeId: string; customers: number }>;
}

/**
 * Customers at each node of each version of a journey right now (FR-10.1), counted by the
 * orchestrator from the open instances: an instance with tokens on two nodes counts at both.
 */
@Injectable()
export class JourneyOccupancy {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async execute(principal: Principal, journeyId: string): Promise<JourneyOccupancyView> {
    const res = await this.orchestrator.getJourneyOccupancy({
      workspaceId: principal.workspaceId,
      journeyId,
    });
    return {
      journeyId: res.journeyId,
      perVersion: Object.fromEntries(Object.entries(res.perVersion)),
      nodes: res.nodes.map((n) => ({ version: n.version, nodeId: n.nodeId, customers: n.customers })),
    };
  }
}
