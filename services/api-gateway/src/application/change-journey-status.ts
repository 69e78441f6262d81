import { Inject, Injectable } from '@nestjs/common';
import {
  JOURNEY_LOOKUP,
  ORCHESTRATOR,
  type JourneyLookup,
  type OrchestratorClient,
} from '../ports/orchestrator.port';
import type { Principal } from './principal';
import { toJourneyView, type JourneyView } from './rest-views';

export type JourneyStatusAction = 'activate' | 'pause' | 'resume' | 'archive';

@Injectable()
export class ChangeJourneyStatus {
  constructor(
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
  ) {}

  async execute(principal: Principal, journeyId: string, action: JourneyStatusAction): Promise<JourneyView> {
    const journey = await this.orchestrator.setJourneyStatus({
      workspaceId: principal.workspaceId,
      journeyId,
      action,
      actor: principal.actor,
    });
    // Enrollment reads a cached status: an activation must be visible to it at once.
    this.journeys.forget(principal.workspaceId, journeyId);
    return toJourneyView(journey);
  }
}
