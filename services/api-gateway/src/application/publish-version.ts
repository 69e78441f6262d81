import { Inject, Injectable } from '@nestjs/common';
import { invalid } from '@kalcifer/platform';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';
import { toVersionView, type JourneyVersionView } from './rest-views';

export const SUPPORTED_STRATEGIES = ['new_entries_only'] as const;
const PLANNED_STRATEGIES = ['migrate_all', 'gradual'];

export interface PublishVersionInput {
  strategy?: string;
  note?: string;
  dryRun?: boolean;
}

export interface PublishResultView {
  version: JourneyVersionView | null;
  dryRun: boolean;
}

/** Publishes the journey's draft as a new immutable version. */
@Injectable()
export class PublishVersion {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async execute(
    principal: Principal,
    journeyId: string,
    input: PublishVersionInput,
  ): Promise<PublishResultView> {
    const strategy = input.strategy ?? 'new_entries_only';
    if (!(SUPPORTED_STRATEGIES as readonly string[]).includes(strategy)) {
      const why = PLANNED_STRATEGIES.includes(strategy)
        ? `live migration ("${strategy}") is not available yet`
        : `"${strategy}" is not a publishing strategy`;
      throw invalid(
        'unsupported_strategy',
        `${why}; use "new_entries_only": running instances stay on their version and new entries use the new one`,
        { supported: SUPPORTED_STRATEGIES },
      );
    }
    const result = await this.orchestrator.publishVersion({
      workspaceId: principal.workspaceId,
      journeyId,
      strategy,
      note: input.note ?? '',
      actor: principal.actor,
      dryRun: input.dryRun ?? false,
    });
    return { version: result.version ? toVersionView(result.version) : null, dryRun: result.dryRun };
  }
}
