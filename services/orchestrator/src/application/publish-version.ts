import { randomUUID } from 'node:crypto';
import type { JourneyGraph } from '@kalcifer/journey';
import { conflict, invalid, notFound, type Logger } from '@kalcifer/platform';
import type { AuditEntry } from '../ports/audit-log';
import type { JourneyStore, VersionRecord } from '../ports/journey-store';
import type { MigrationRecord, MigrationStore } from '../ports/migration-store';
import { parseMapping, parsePolicy, parseRollout, parseStrategy } from './publish-input';
import { requirePublishableGraph } from './graph-input';
import type { CompletePublish } from './complete-publish';
import type { DiffVersions, SidedDiff } from './diff-versions';
import type { ManageJourneys } from './manage-journeys';
import type { MigrationView } from './manage-migrations';
import type { MigrationFanOut } from './migration-fan-out';
import type { DryRunSummary, MappingPlan, PlanMigration } from './plan-migration';

export interface PublishInput {
  strategy: string;
  note: string;
  actor: string;
  dryRun: boolean;
  /** Edits to the proposed mapping (JSON from the request). */
  mapping?: Record<string, unknown>;
  removedNodePolicy?: string;
  /** gradual: `{ percent, schedule?: [{ percent, at: ISO }] }` (JSON from the request). */
  rollout?: Record<string, unknown>;
}

export interface PublishResult {
  version: VersionRecord;
  dryRun: boolean;
  /** Migrating strategies: the mapping per from version and the instances per version; dry run: the full summary. */
  plan?:
    | (Partial<DryRunSummary> & Omit<MappingPlan, 'problems'> & { problems: MappingPlan['problems'] })
    | undefined;
  migration?: MigrationView;
  /** What the version changes compared with the latest one (a dry run: what it would change). */
  diff: SidedDiff;
}

/**
 * Publishing freezes the draft (or, for a rollback, an earlier version's graph) as an immutable
 * version and, with `migrate_all` or `gradual`, starts a live migration of the open instances
 * (DESIGN.md §5). A mapping problem rejects the publish before anything is stored.
 */
export class PublishVersion {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly manage: ManageJourneys,
    private readonly planner: PlanMigration,
    private readonly migrations: MigrationStore,
    private readonly fanOut: MigrationFanOut,
    private readonly completion: CompletePublish,
    private readonly diffs: DiffVersions,
    private readonly logger: Logger,
  ) {}

  async execute(
    workspaceId: string,
    journeyId: string,
    input: PublishInput,
    rollbackTo?: number,
  ): Promise<PublishResult> {
    const strategy = parseStrategy(input.strategy);
    const edits = parseMapping(input.mapping);
    const policy = parsePolicy(input.removedNodePolicy);
    const rollout = parseRollout(strategy, input.rollout);
    if (strategy === 'new_entries_only' && (Object.keys(edits).length > 0 || policy))
      throw invalid(
        'mapping_without_migration',
        'mapping and removedNodePolicy apply to a migration; with "new_entries_only" nobody moves. Use "migrate_all" or "gradual", or leave them out',
      );
    const journey = await this.manage.get(workspaceId, journeyId);
    if (journey.status === 'archived')
      throw conflict('journey_archived', 'An archived journey cannot be published');
    const graph =
      rollbackTo === undefined
        ? requirePublishableGraph(journey.draft)
        : await this.graphOf(workspaceId, journeyId, rollbackTo);
    const version: VersionRecord = {
      workspaceId,
      journeyId,
      version: journey.latestVersion + 1,
      graph,
      strategy,
      note: input.note || (rollbackTo === undefined ? '' : `rollback to version ${rollbackTo}`),
      author: input.actor,
      createdAt: new Date(),
    };
    // A dry run names what it compares ("draft", or the version rolled back to); a publish, the new version.
    const diff = await this.diffs.ofPublish(
      journey,
      graph,
      input.dryRun ? (rollbackTo ?? 'draft') : version.version,
    );
    const migrationId = `mig_${randomUUID()}`;
    let plan: PublishResult['plan'];
    if (strategy !== 'new_entries_only') {
      const req = {
        workspaceId,
        journeyId,
        to: { journeyId, version: version.version, graph },
        edits,
        removedNodePolicy: policy,
      };
      const mappingPlan = await this.planner.mappingPlan(req);
      if (input.dryRun) {
        const summary = await this.planner.dryRun(req, mappingPlan, rollout.percent, migrationId);
        return { version, dryRun: true, plan: { ...mappingPlan, ...summary }, diff };
      }
      if (mappingPlan.problems.length > 0)
        throw invalid(
          'invalid_mapping',
          `the node mapping cannot move the running customers: ${mappingPlan.problems.map((p) => p.message).join('; ')}`,
          { problems: mappingPlan.problems },
        );
      plan = mappingPlan;
    } else if (input.dryRun) {
      return { version, dryRun: true, diff };
    }

    let migration: MigrationRecord | undefined;
    if (plan && (strategy === 'migrate_all' || strategy === 'gradual')) {
      const now = new Date();
      migration = {
        id: migrationId,
        workspaceId,
        journeyId,
        fromVersions: plan.fromVersions,
        toVersion: version.version,
        strategy,
        percent: rollout.percent,
        enqueuedPercent: 0,
        schedule: rollout.schedule,
        mapping: plan.mapping,
        edits,
        ...(policy && { removedNodePolicy: policy }),
        status: 'running',
        author: input.actor,
        createdAt: now,
        updatedAt: now,
      };
    }
    const audit: AuditEntry = {
      workspaceId,
      journeyId,
      at: version.createdAt,
      actor: input.actor,
      action: rollbackTo === undefined ? 'publish' : 'rollback',
      note: version.note,
      details: {
        version: version.version,
        strategy,
        ...(rollbackTo !== undefined && { rollbackTo }),
        ...(migration && {
          migrationId: migration.id,
          percent: migration.percent,
          fromVersions: migration.fromVersions,
        }),
        ...(Object.keys(edits).length > 0 && { mapping: JSON.stringify(edits) }),
        ...(policy && { removedNodePolicy: policy }),
      },
    };
    // One write stores the version with the rest of its publish: a crash after it is finished by
    // the ticker (CompletePublish.resumeInterrupted), never left half done.
    const stored: VersionRecord = { ...version, pending: { ...(migration && { migration }), audit } };
    if (!(await this.journeys.insertVersion(stored))) {
      throw conflict('version_conflict', 'Another publish of this journey happened at the same time; retry');
    }
    migration = await this.completion.complete(stored);
    if (!migration) return { version, dryRun: false, diff };
    const started = migration;
    if (started.status === 'running')
      this.fanOut
        .run(started)
        .catch((err: unknown) =>
          this.logger.error(
            { err, migrationId: started.id },
            'migration fan-out failed; the ticker resumes it',
          ),
        );
    return {
      version,
      dryRun: false,
      plan,
      diff,
      // The plan's count of instances per version: a second scan of the instances would cost
      // seconds for tens of thousands of customers, inside the caller's deadline.
      migration: {
        record: started,
        counts: await this.migrations.counts(workspaceId, started.id),
        instancesPerVersion: plan?.perVersion ?? {},
        countedAt: new Date(),
      },
    };
  }

  private async graphOf(workspaceId: string, journeyId: string, n: number): Promise<JourneyGraph> {
    if (!Number.isInteger(n) || n < 1)
      throw invalid('invalid_version', `"version" must be an earlier version number (1, 2, ...), got ${n}`);
    const earlier = await this.journeys.getVersion(workspaceId, journeyId, n);
    if (!earlier)
      throw notFound('version_not_found', `Journey "${journeyId}" has no version ${n} to roll back to`);
    return earlier.graph;
  }
}
