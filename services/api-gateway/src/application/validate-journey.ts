import { Inject, Injectable } from '@nestjs/common';
import { validateGraph } from '@kalcifer/journey';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { toIssueView, type GraphIssueView } from './graph-input';
import type { Principal } from './principal';

export interface ValidationView {
  valid: boolean;
  errors: GraphIssueView[];
}

/**
 * Checks a graph against every rule a published version must meet: the graph in the body (an
 * editor's unsaved state) or else the journey's saved draft. An invalid graph is an answer
 * (200, valid: false), not an error.
 */
@Injectable()
export class ValidateJourney {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async execute(
    principal: Principal,
    journeyId: string,
    graph?: Record<string, unknown>,
  ): Promise<ValidationView> {
    // Asked even when a graph is given, so an unknown journey id is a 404 in both cases.
    const journey = await this.orchestrator.getJourney({ workspaceId: principal.workspaceId, journeyId });
    const result = validateGraph(graph ?? journey.draft ?? {});
    return { valid: result.ok, errors: result.errors.map(toIssueView) };
  }
}
