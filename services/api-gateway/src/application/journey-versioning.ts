import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';
import { toInstanceView, type InstanceView } from './rest-views';
import {
  toAuditEntryView,
  toMigrationProgressView,
  toMigrationView,
  type AuditEntryView,
  type MigrationProgressView,
  type MigrationView,
} from './versioning-views';

/** Diff, migrations (progress, rollout, halt), held-instance release and the audit log. */
@Injectable()
export class JourneyVersioning {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  /** Either side may be `draft`: the journey's current draft (preview of a publish, US-10). */
  async diff(principal: Principal, journeyId: string, from: number | 'draft', to: number | 'draft') {
    const res = await this.orchestrator.diffVersions({
      workspaceId: principal.workspaceId,
      journeyId,
      from: from === 'draft' ? 0 : from,
      to: to === 'draft' ? 0 : to,
      fromDraft: from === 'draft',
      toDraft: to === 'draft',
    });
    return {
      from: res.fromDraft ? 'draft' : res.from,
      to: res.toDraft ? 'draft' : res.to,
      ...(res.diff ?? {}),
    };
  }

  async listMigrations(principal: Principal, journeyId: string): Promise<{ migrations: MigrationView[] }> {
    const res = await this.orchestrator.listMigrations({ workspaceId: principal.workspaceId, journeyId });
    return { migrations: res.migrations.map(toMigrationView) };
  }

  async getMigration(principal: Principal, journeyId: string, migrationId: string): Promise<MigrationView> {
    return toMigrationView(
      await this.orchestrator.getMigration({ workspaceId: principal.workspaceId, journeyId, migrationId }),
    );
  }

  /** The migration's counts over time (FR-10.6), sampled by the orchestrator while it runs. */
  async getMigrationProgress(
    principal: Principal,
    journeyId: string,
    migrationId: string,
  ): Promise<MigrationProgressView> {
    return toMigrationProgressView(
      await this.orchestrator.getMigrationProgress({
        workspaceId: principal.workspaceId,
        journeyId,
        migrationId,
      }),
    );
  }

  async setRollout(
    principal: Principal,
    journeyId: string,
    migrationId: string,
    input: { percent: number; note?: string },
  ): Promise<MigrationView> {
    return toMigrationView(
      await this.orchestrator.setRollout({
        workspaceId: principal.workspaceId,
        journeyId,
        migrationId,
        percent: input.percent,
        actor: principal.actor,
        note: input.note ?? '',
      }),
    );
  }

  async halt(
    principal: Principal,
    journeyId: string,
    migrationId: string,
    note?: string,
  ): Promise<MigrationView> {
    return toMigrationView(
      await this.orchestrator.haltMigration({
        workspaceId: principal.workspaceId,
        journeyId,
        migrationId,
        actor: principal.actor,
        note: note ?? '',
      }),
    );
  }

  async audit(principal: Principal, journeyId: string): Promise<{ entries: AuditEntryView[] }> {
    const res = await this.orchestrator.listAudit({
      workspaceId: principal.workspaceId,
      journeyId,
      limit: 500,
    });
    return { entries: res.entries.map(toAuditEntryView) };
  }

  async release(
    principal: Principal,
    instanceId: string,
    target: { nodeId: string } | { exit: true; reason?: string },
  ): Promise<InstanceView> {
    return toInstanceView(
      await this.orchestrator.releaseInstance({
        workspaceId: principal.workspaceId,
        instanceId,
        nodeId: 'nodeId' in target ? target.nodeId : '',
        exit: 'exit' in target,
        reason: 'exit' in target ? (target.reason ?? '') : '',
        actor: principal.actor,
      }),
    );
  }
}
