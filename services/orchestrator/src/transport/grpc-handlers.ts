import type { CapPolicyRepository } from '@kalcifer/caps';
import { grpc } from '@kalcifer/contracts';
import { invalid, notFound, type AsyncService } from '@kalcifer/platform';
import type { ManageCustomers } from '../application/manage-customers';
import type { DiffVersions } from '../application/diff-versions';
import type { ManageJourneys } from '../application/manage-journeys';
import type { ManageMigrations } from '../application/manage-migrations';
import type { MigrationProgress } from '../application/migration-progress';
import type { PublishResult, PublishVersion } from '../application/publish-version';
import type { QueryInstances } from '../application/query-instances';
import type { ReleaseHeld } from '../application/release-held';
import type { AuditLog } from '../ports/audit-log';
import type { ResolveWebhookEntry } from '../application/resolve-webhook-entry';
import type { SetJourneyStatus } from '../application/set-journey-status';
import type { JourneyStore } from '../ports/journey-store';
import {
  toAuditEntry,
  toCustomer,
  toInstance,
  toJourney,
  toMigration,
  toMigrationProgress,
  toExplainedTraceEntry,
  toNextStep,
  toVersion,
} from './grpc-mappers';

export interface UseCases {
  journeys: ManageJourneys;
  publish: PublishVersion;
  status: SetJourneyStatus;
  customers: ManageCustomers;
  instances: QueryInstances;
  journeyStore: JourneyStore;
  webhooks: ResolveWebhookEntry;
  caps: CapPolicyRepository;
  diff: DiffVersions;
  migrations: ManageMigrations;
  progress: MigrationProgress;
  release: ReleaseHeld;
  audit: AuditLog;
}

function publishResponse(out: PublishResult): grpc.PublishVersionResponse {
  return {
    version: toVersion(out.version),
    dryRun: out.dryRun,
    plan: out.plan ? (JSON.parse(JSON.stringify(out.plan)) as Record<string, unknown>) : undefined,
    migration: out.migration ? toMigration(out.migration) : undefined,
    diff: JSON.parse(JSON.stringify(out.diff)) as Record<string, unknown>,
  };
}

const limitOf = (n: number) => (n > 0 ? Math.min(n, 500) : 50);

function requireWorkspace(workspaceId: string): string {
  if (!workspaceId) throw invalid('missing_workspace', 'workspace_id is required');
  return workspaceId;
}

/** gRPC transport: one line per call, handing a typed request to a use case. */
export function orchestratorHandlers(u: UseCases): AsyncService<typeof grpc.OrchestratorService> {
  return {
    createJourney: async (r) =>
      toJourney(
        await u.journeys.create(requireWorkspace(r.workspaceId), {
          name: r.name,
          description: r.description,
          graph: r.graph,
        }),
      ),
    listJourneys: async (r) => {
      const page = await u.journeys.list(requireWorkspace(r.workspaceId), {
        status: r.status || undefined,
        limit: limitOf(r.limit),
        cursor: r.cursor || undefined,
      });
      return { journeys: page.items.map(toJourney), nextCursor: page.nextCursor ?? '' };
    },
    getJourney: async (r) => toJourney(await u.journeys.get(requireWorkspace(r.workspaceId), r.journeyId)),
    updateDraft: async (r) =>
      toJourney(
        await u.journeys.updateDraft(requireWorkspace(r.workspaceId), r.journeyId, {
          graph: r.graph,
          name: r.name,
          description: r.description,
        }),
      ),
    publishVersion: async (r) =>
      publishResponse(
        await u.publish.execute(requireWorkspace(r.workspaceId), r.journeyId, {
          strategy: r.strategy,
          note: r.note,
          actor: r.actor,
          dryRun: r.dryRun,
          mapping: r.mapping,
          removedNodePolicy: r.removedNodePolicy,
          rollout: r.rollout,
        }),
      ),
    rollback: async (r) =>
      publishResponse(
        await u.publish.execute(
          requireWorkspace(r.workspaceId),
          r.journeyId,
          {
            strategy: r.strategy,
            note: r.note,
            actor: r.actor,
            dryRun: r.dryRun,
            mapping: r.mapping,
            removedNodePolicy: r.removedNodePolicy,
            rollout: r.rollout,
          },
          r.version,
        ),
      ),
    diffVersions: async (r) => {
      const from = r.fromDraft ? 'draft' : r.from;
      const to = r.toDraft ? 'draft' : r.to;
      const diff = await u.diff.execute(requireWorkspace(r.workspaceId), r.journeyId, from, to);
      return {
        from: r.fromDraft ? 0 : r.from,
        to: r.toDraft ? 0 : r.to,
        fromDraft: r.fromDraft,
        toDraft: r.toDraft,
        diff: JSON.parse(JSON.stringify(diff)) as Record<string, unknown>,
      };
    },
    listMigrations: async (r) => {
      await u.journeys.get(requireWorkspace(r.workspaceId), r.journeyId);
      return { migrations: (await u.migrations.list(r.workspaceId, r.journeyId)).map(toMigration) };
    },
    getMigration: async (r) =>
      toMigration(await u.migrations.get(requireWorkspace(r.workspaceId), r.journeyId, r.migrationId)),
    getMigrationProgress: async (r) => {
      const ref = {
        workspaceId: requireWorkspace(r.workspaceId),
        journeyId: r.journeyId,
        migrationId: r.migrationId,
      };
      return toMigrationProgress(r.migrationId, await u.progress.series(ref));
    },
    setRollout: async (r) =>
      toMigration(
        await u.migrations.setRollout(requireWorkspace(r.workspaceId), r.journeyId, r.migrationId, {
          percent: r.percent,
          actor: r.actor,
          note: r.note,
        }),
      ),
    haltMigration: async (r) =>
      toMigration(
        await u.migrations.halt(requireWorkspace(r.workspaceId), r.journeyId, r.migrationId, {
          actor: r.actor,
          note: r.note,
        }),
      ),
    releaseInstance: async (r) => {
      if (!r.exit && !r.nodeId)
        throw invalid(
          'invalid_release',
          'give the node to release the instance to ({"nodeId": "..."}) or {"exit": true}',
        );
      if (r.exit && r.nodeId)
        throw invalid(
          'invalid_release',
          'give either a node to release the instance to or exit: true, not both',
        );
      const target = r.exit
        ? { exit: true as const, ...(r.reason ? { reason: r.reason } : {}) }
        : { nodeId: r.nodeId };
      return toInstance(
        await u.release.execute(requireWorkspace(r.workspaceId), r.instanceId, target, r.actor),
      );
    },
    listAudit: async (r) => {
      await u.journeys.get(requireWorkspace(r.workspaceId), r.journeyId);
      return {
        entries: (await u.audit.list(r.workspaceId, r.journeyId, limitOf(r.limit))).map(toAuditEntry),
      };
    },
    listVersions: async (r) => {
      await u.journeys.get(requireWorkspace(r.workspaceId), r.journeyId);
      return { versions: (await u.journeyStore.listVersions(r.workspaceId, r.journeyId)).map(toVersion) };
    },
    getVersion: async (r) => {
      const v = await u.journeyStore.getVersion(requireWorkspace(r.workspaceId), r.journeyId, r.version);
      if (!v) throw notFound('version_not_found', `Journey "${r.journeyId}" has no version ${r.version}`);
      return toVersion(v);
    },
    setJourneyStatus: async (r) =>
      toJourney(await u.status.execute(requireWorkspace(r.workspaceId), r.journeyId, r.action)),
    listInstances: async (r) => {
      const page = await u.instances.list(requireWorkspace(r.workspaceId), {
        journeyId: r.journeyId || undefined,
        customerId: r.customerId || undefined,
        status: r.status || undefined,
        limit: limitOf(r.limit),
        cursor: r.cursor || undefined,
      });
      return { instances: page.items.map((i) => toInstance(i)), nextCursor: page.nextCursor ?? '' };
    },
    getJourneyOccupancy: async (r) => {
      await u.journeys.get(requireWorkspace(r.workspaceId), r.journeyId);
      const { perVersion, nodes } = await u.instances.occupancy(r.workspaceId, r.journeyId);
      return { journeyId: r.journeyId, perVersion, nodes };
    },
    countOpenInstances: async (r) => ({
      count: await u.instances.countOpen(requireWorkspace(r.workspaceId), Math.max(0, r.atMost ?? 0)),
    }),
    getInstance: async (r) => {
      const { record, trace } = await u.instances.get(requireWorkspace(r.workspaceId), r.instanceId);
      return toInstance(record, trace);
    },
    upsertCustomer: async (r) =>
      toCustomer(await u.customers.upsert(requireWorkspace(r.workspaceId), r.customerId, r.attributes ?? {})),
    getCustomer: async (r) => {
      const c = await u.customers.get(requireWorkspace(r.workspaceId), r.customerId);
      if (!c) throw notFound('customer_not_found', `No customer with id "${r.customerId}" in this workspace`);
      return toCustomer(c);
    },
    resolveWebhookEntry: async (r) => u.webhooks.execute(r.journeyId, r.token),
    getCapPolicy: async (r) => ({
      policy: { ...(await u.caps.getPolicy(requireWorkspace(r.workspaceId))) },
    }),
    setCapPolicy: async (r) => ({
      policy: { ...(await u.caps.setPolicy(requireWorkspace(r.workspaceId), r.policy ?? {})) },
    }),
    getCustomerTrace: async (r) => {
      const trace = await u.instances.customerTrace(requireWorkspace(r.workspaceId), r.customerId);
      return {
        customerId: r.customerId,
        entries: trace.entries.map(toExplainedTraceEntry),
        next: trace.next.map(toNextStep),
      };
    },
  };
}
