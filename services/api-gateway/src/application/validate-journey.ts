import { Inject, Injectable } from '@nestjs/common';
import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { checkNodeTemplates } from '@kalcifer/templates';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { toIssueView, type GraphIssueView } from './graph-input';
import type { Principal } from './principal';

/** A graph issue, or a template that does not compile (code `invalid_template`). */
export type ValidationIssueView = Omit<GraphIssueView, 'code'> & {
  code: GraphIssueView['code'] | 'invalid_template';
};

export interface ValidationView {
  valid: boolean;
  errors: ValidationIssueView[];
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
    const candidate = graph ?? journey.draft ?? {};
    const result = validateGraph(candidate);
    if (!result.ok) return { valid: false, errors: result.errors.map(toIssueView) };
    // Templates are checked too: publishing refuses a template that does not compile.
    const templateErrors = (candidate as unknown as JourneyGraph).nodes.flatMap((node) =>
      checkNodeTemplates(node.type, node.config).map((problem) => ({
        code: 'invalid_template' as const,
        nodeId: node.id,
        path: `config.${problem.field}`,
        message: `node "${node.id}" (${node.type}): ${problem.message}`,
      })),
    );
    return { valid: templateErrors.length === 0, errors: templateErrors };
  }
}
