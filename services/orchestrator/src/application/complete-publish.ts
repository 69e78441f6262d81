import type { Logger } from '@kalcifer/platform';
import type { AuditLog } from '../ports/audit-log';
import type { JourneyStore, VersionRecord } from '../ports/journey-store';
import type { MigrationRecord, MigrationStore } from '../ports/migration-store';
import type { JourneyCatalog } from './journey-catalog';

/**
 * The second half of a publish, after the version is stored together with what is left to do
 * (`pending`): point the journey at the version, supersede earlier running migrations, store the
 * version's migration, write the audit entry, clear `pending`. Every step is idempotent, so the
 * publish itself and the ticker (for a publish a crash cut short: without this the version would
 * be stored, the journey still on the previous one and every later publish refused as a conflict)
 * can both run it, even at the same time.
 */
export class CompletePublish {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly catalog: JourneyCatalog,
    private readonly migrations: MigrationStore,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {}

  /** Finishes `version`'s publish; returns its migration as stored (undefined: none). */
  async complete(version: VersionRecord): Promise<MigrationRecord | undefined> {
    const { workspaceId, journeyId, pending } = version;
    if (!pending) return undefined;
    const newest = await this.pointJourneyAt(version);
    await this.supersedeEarlier(workspaceId, journeyId, version.version);
    let migration = pending.migration;
    if (migration) {
      // A later version was published meanwhile (this publish was interrupted): it took over.
      if (newest > version.version) migration = { ...migration, status: 'superseded' };
      await this.migrations.insert(migration);
      migration = (await this.migrations.get(workspaceId, journeyId, migration.id)) ?? migration;
    }
    await this.audit.append(pending.audit, `${journeyId}:v${version.version}:${pending.audit.action}`);
    await this.journeys.markVersionPublished(workspaceId, journeyId, version.version);
    return migration;
  }

  /** Finishes every publish left unfinished for at least `olderThanMs`; returns how many. */
  async resumeInterrupted(olderThanMs: number, now = Date.now()): Promise<number> {
    let done = 0;
    for (const version of await this.journeys.pendingVersions()) {
      if (version.createdAt.getTime() > now - olderThanMs) continue; // its publish may still run
      await this.complete(version);
      done += 1;
      this.logger.warn(
        { workspaceId: version.workspaceId, journeyId: version.journeyId, version: version.version },
        'finished a publish that was interrupted',
      );
    }
    return done;
  }

  /** Moves the journey's latest and active version up to `version`; returns the latest after. */
  private async pointJourneyAt(version: VersionRecord): Promise<number> {
    const { workspaceId, journeyId } = version;
    for (;;) {
      const journey = await this.journeys.get(workspaceId, journeyId);
      if (!journey) throw new Error(`journey ${journeyId} of version ${version.version} is missing`);
      if (journey.latestVersion >= version.version) return journey.latestVersion;
      const updated = await this.journeys.update(workspaceId, journeyId, journey.updatedAt, {
        latestVersion: version.version,
        activeVersion: version.version,
        updatedAt: new Date(Math.max(Date.now(), journey.updatedAt.getTime() + 1)),
      });
      if (updated) {
        this.catalog.invalidate(workspaceId, journeyId);
        return version.version;
      }
    }
  }

  /** Earlier versions' running migrations enqueue nothing more: this version's takes over. */
  private async supersedeEarlier(workspaceId: string, journeyId: string, toVersion: number): Promise<void> {
    for (const record of await this.migrations.list(workspaceId, journeyId)) {
      if (record.toVersion >= toVersion) continue;
      let current: MigrationRecord | null = record;
      while (current?.status === 'running') {
        if (await this.migrations.update(current, { status: 'superseded' })) break;
        current = await this.migrations.get(workspaceId, journeyId, record.id);
      }
    }
  }
}
