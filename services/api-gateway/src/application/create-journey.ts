import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { assertValidGraphInput } from './graph-input';
import type { Principal } from './principal';
import { toJourneyView, type JourneyView } from './rest-views';

export interface CreateJourneyInput {
  name: string;
  description?: string;
  graph?: Record<string, unknown>;
}

@Injectable()
export class CreateJourney {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async execute(principal: Principal, input: CreateJourneyInput): Promise<JourneyView> {
    if (input.graph !== undefined) assertValidGraphInput(input.graph);
    const journey = await this.orchestrator.createJourney({
      workspaceId: principal.workspaceId,
      name: input.name,
      description: input.description ?? '',
      graph: input.graph,
      actor: principal.actor,
    });
    return toJourneyView(journey);
  }
}
