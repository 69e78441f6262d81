import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { assertValidGraphInput } from './graph-input';
import type { Principal } from './principal';
import { toJourneyView, type JourneyView } from './rest-views';

export interface UpdateDraftInput {
  graph: Record<string, unknown>;
  name?: string;
  description?: string;
}

@Injectable()
export class UpdateDraft {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async execute(principal: Principal, journeyId: string, input: UpdateDraftInput): Promise<JourneyView> {
    assertValidGraphInput(input.graph);
    const journey = await this.orchestrator.updateDraft({
      workspaceId: principal.workspaceId,
      journeyId,
      graph: input.graph,
      // Empty strings mean "unchanged" in the proto (proto3 has no absent strings).
      name: input.name ?? '',
      description: input.description ?? '',
      actor: principal.actor,
    });
    return toJourneyView(journey);
  }
}
