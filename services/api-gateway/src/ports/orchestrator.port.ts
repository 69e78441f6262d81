import type { grpc } from '@kalcifer/contracts';
import type { PromiseClient } from '@kalcifer/platform';

/**
 * The orchestrator owns journeys, versions, instances, customers and traces; the gateway asks it
 * over gRPC (proto/kalcifer/v1/orchestrator.proto). Failures arrive as AppErrors (kind + code).
 */
export type OrchestratorClient = Omit<PromiseClient<typeof grpc.OrchestratorService>, 'close'>;
export const ORCHESTRATOR = Symbol('OrchestratorClient');

/** GetJourney answers reused for a short while, so that enrollment stays fast. */
export interface JourneyLookup {
  get(workspaceId: string, journeyId: string): Promise<grpc.Journey>;
  /** Called after a change made through this gateway, so the next read is fresh. */
  forget(workspaceId: string, journeyId: string): void;
}
export const JOURNEY_LOOKUP = Symbol('JourneyLookup');
