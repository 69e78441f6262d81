import { Inject, Injectable } from '@nestjs/common';
import type { grpc } from '@kalcifer/contracts';
import { invalid } from '@kalcifer/platform';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';
import { toVersionView, type JourneyVersionView } from './rest-views';
import { toMigrationView, type MigrationView } from './versioning-views';

export const SUPPORTED_STRATEGIES = ['new_entries_only', 'migrate_all', 'gradual'] as const;

export interface PublishVersionInput {
  strategy?: string;
  note?: string;
  dryRun?: boolean;
  mapping?: Record<string, string | { policy: string }>;
  removedNodePolicy?: string;
  rollout?: { percent: number; schedule?: Array<{ percent: number; at: string }> };
}

export interface PublishResultView {
  version: JourneyVersionView | null;
  dryRun: boolean;
  /** migrate_all / gradual: the mapping and, with dryRun, how many instances move where. */
  plan: Record<string, unknown> | null;
  /** The migration this publish started (null for new_entries_only and dry runs). */
  migration: MigrationView | null;
  /**
   * What the version changes compared with the latest published one ({from, to, addedNodes, ...},
   * as GET /diff answers); a dry run's `to` is "draft" (or the version rolled back to).
   */
  diff: Record<string, unknown> | null;
}

/** Publishes the journey's draft (or rolls back to an earlier version) as a new immutable version. */
@Injectable()
export class PublishVersion {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async execute(
    principal: Principal,
    journeyId: string,
    input: PublishVersionInput,
  ): Promise<PublishResultView> {
    const result = await this.orchestrator.publishVersion({
      workspaceId: principal.workspaceId,
      journeyId,
      ...this.common(principal, input),
    });
    return toPublishResultView(result);
  }

  async rollback(
    principal: Principal,
    journeyId: string,
    input: PublishVersionInput & { version: number },
  ): Promise<PublishResultView> {
    const result = await this.orchestrator.rollback({
      workspaceId: principal.workspaceId,
      journeyId,
      version: input.version,
      ...this.common(principal, input),
    });
    return toPublishResultView(result);
  }

  private common(principal: Principal, input: PublishVersionInput) {
    const strategy = input.strategy ?? 'new_entries_only';
    if (!(SUPPORTED_STRATEGIES as readonly string[]).includes(strategy))
      throw invalid(
        'unsupported_strategy',
        `"${strategy}" is not a publishing strategy; use new_entries_only (nobody moves), migrate_all or gradual (with rollout.percent)`,
        { supported: SUPPORTED_STRATEGIES },
      );
    return {
      strategy,
      note: input.note ?? '',
      actor: principal.actor,
      dryRun: input.dryRun ?? false,
      mapping: input.mapping,
      removedNodePolicy: input.removedNodePolicy ?? '',
      rollout: input.rollout,
    };
  }
}

function toPublishResultView(result: grpc.PublishVersionResponse): PublishResultView {
  return {
    version: result.version ? toVersionView(result.version) : null,
    dryRun: result.dryRun,
    plan: result.plan ?? null,
    migration: result.migration ? toMigrationView(result.migration) : null,
    diff: result.diff ?? null,
  };
}
