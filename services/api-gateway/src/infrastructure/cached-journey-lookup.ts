import type { grpc } from '@kalcifer/contracts';
import { TtlCache } from '../application/ttl-cache';
import type { JourneyLookup, OrchestratorClient } from '../ports/orchestrator.port';

/**
 * GetJourney answers kept for about a second: a burst of enrollments into one journey costs one
 * gRPC call, and a status change made elsewhere is seen within that second.
 */
export class CachedJourneyLookup implements JourneyLookup {
  private readonly cache: TtlCache<string, grpc.Journey>;

  constructor(
    private readonly orchestrator: OrchestratorClient,
    ttlMs: number,
  ) {
    this.cache = new TtlCache(() => ttlMs);
  }

  get(workspaceId: string, journeyId: string): Promise<grpc.Journey> {
    return this.cache.get(`${workspaceId}\u0000${journeyId}`, () =>
      this.orchestrator.getJourney({ workspaceId, journeyId }),
    );
  }

  forget(workspaceId: string, journeyId: string): void {
    this.cache.delete(`${workspaceId}\u0000${journeyId}`);
  }
}
