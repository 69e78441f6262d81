import { conflict, invalid, notFound, type Logger } from '@kalcifer/platform';
import type { AuditLog } from '../ports/audit-log';
import type { InstanceStore } from '../ports/instance-store';
import type { MigrationCounts, MigrationRecord, MigrationStore } from '../ports/migration-store';
import type { MigrationFanOut } from './migration-fan-out';

export interface MigrationView {
  record: MigrationRecord;
  counts: MigrationCounts;
  /** Open instances of the journey per version number, when counted. */
  instancesPerVersion: Record<string, number>;
  /** When the counts were read (they take seconds at tens of thousands of instances). */
  countedAt: Date;
}

interface Progress {
  counts: MigrationCounts[];
  perVersion: Record<string, number>;
  countedAt: Date;
}

/**
 * Reading migrations and steering gradual ones: raise the percentage (by hand or on the
 * schedule, checked by `tick`), halt. A raise enqueues only the newly included instances.
 */
export class ManageMigrations {
  /**
   * Progress reads in flight, by journey and migrations: callers arriving meanwhile share the
   * read instead of starting another full count (a console polling 50,000 instances every few
   * seconds would otherwise stack counts of 20 s each on the database the migration writes to).
   */
  private readonly counting = new Map<string, Promise<Progress>>();

  constructor(
    private readonly migrations: MigrationStore,
    private readonly instances: InstanceStore,
    private readonly fanOut: MigrationFanOut,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {}

  async list(workspaceId: string, journeyId: string): Promise<MigrationView[]> {
    const records = await this.migrations.list(workspaceId, journeyId);
    const progress = await this.progress(workspaceId, journeyId, records);
    return records.map((record, i) => ({
      record,
      counts: progress.counts[i] ?? emptyCounts(),
      instancesPerVersion: progress.perVersion,
      countedAt: progress.countedAt,
    }));
  }

  async get(workspaceId: string, journeyId: string, migrationId: string): Promise<MigrationView> {
    const record = await this.require(workspaceId, journeyId, migrationId);
    const progress = await this.progress(workspaceId, journeyId, [record]);
    return {
      record,
      counts: progress.counts[0] ?? emptyCounts(),
      instancesPerVersion: progress.perVersion,
      countedAt: progress.countedAt,
    };
  }

  private progress(workspaceId: string, journeyId: string, records: MigrationRecord[]): Promise<Progress> {
    const key = [workspaceId, journeyId, ...records.map((r) => r.id)].join('\n');
    const running = this.counting.get(key);
    if (running) return running;
    const read = (async (): Promise<Progress> => {
      const countedAt = new Date();
      const counts = await Promise.all(records.map((r) => this.migrations.counts(workspaceId, r.id)));
      // Read after the counts, so that an instance counted as migrated is also seen on its version.
      const perVersion = await this.instances.openPerVersion(workspaceId, journeyId);
      return { counts, perVersion, countedAt };
    })().finally(() => this.counting.delete(key));
    this.counting.set(key, read);
    return read;
  }

  async setRollout(
    workspaceId: string,
    journeyId: string,
    migrationId: string,
    input: { percent: number; actor: string; note: string },
  ): Promise<MigrationView> {
    const { percent } = input;
    if (!Number.isInteger(percent) || percent < 1 || percent > 100)
      throw invalid('invalid_rollout', `percent must be a whole number from 1 to 100, got ${percent}`);
    let record = await this.require(workspaceId, journeyId, migrationId);
    for (;;) {
      if (record.strategy !== 'gradual')
        throw conflict(
          'not_gradual',
          `migration ${migrationId} is "${record.strategy}"; only a gradual migration has a rollout to raise`,
        );
      if (record.status !== 'running')
        throw conflict(
          'migration_not_running',
          `migration ${migrationId} is ${record.status}; its rollout can no longer be raised`,
        );
      if (percent <= record.percent)
        throw invalid(
          'rollout_not_raised',
          `migration ${migrationId} is at ${record.percent}%; a rollout only goes up (instances already moved stay moved), give a percent above ${record.percent}`,
        );
      const updated = await this.migrations.update(record, { percent });
      if (updated) {
        record = updated;
        break;
      }
      record = await this.require(workspaceId, journeyId, migrationId);
    }
    await this.audit.append({
      workspaceId,
      journeyId,
      at: new Date(),
      actor: input.actor,
      action: 'rollout_raised',
      note: input.note,
      details: { migrationId, percent, toVersion: record.toVersion },
    });
    this.startFanOut(record);
    return this.get(workspaceId, journeyId, migrationId);
  }

  async halt(
    workspaceId: string,
    journeyId: string,
    migrationId: string,
    input: { actor: string; note: string },
  ): Promise<MigrationView> {
    let record = await this.require(workspaceId, journeyId, migrationId);
    while (record.status === 'running') {
      const updated = await this.migrations.update(record, { status: 'halted' });
      if (updated) {
        await this.audit.append({
          workspaceId,
          journeyId,
          at: new Date(),
          actor: input.actor,
          action: 'migration_halted',
          note: input.note,
          details: { migrationId, percent: updated.percent, toVersion: updated.toVersion },
        });
        return this.get(workspaceId, journeyId, migrationId);
      }
      record = await this.require(workspaceId, journeyId, migrationId);
    }
    throw conflict(
      'migration_not_running',
      `migration ${migrationId} is ${record.status}; only a running migration can be halted`,
    );
  }

  /**
   * Every running migration: raise gradual ones whose schedule step is due, resume a fan-out that
   * a crash interrupted, and mark finished ones completed. A halted migration whose last raise was
   * not fully enqueued (a crash, then the halt) gets that fan-out finished: what was taken up
   * before the halt still moves, nothing more.
   */
  async tick(now: number): Promise<void> {
    for (let record of await this.migrations.listUnfinished()) {
      if (record.status === 'halted') {
        if (record.enqueuedPercent < record.percent) await this.fanOut.run(record);
        continue;
      }
      const due = record.schedule.filter((s) => !s.done && s.at <= now);
      if (due.length > 0) {
        const percent = Math.max(record.percent, ...due.map((s) => s.percent));
        const schedule = record.schedule.map((s) => (s.at <= now ? { ...s, done: true } : s));
        const updated = await this.migrations.update(record, { percent, schedule });
        if (!updated) continue; // another replica (or an operator) got there first: next tick
        record = updated;
        if (percent > 0)
          await this.audit.append({
            workspaceId: record.workspaceId,
            journeyId: record.journeyId,
            at: new Date(now),
            actor: 'schedule',
            action: 'rollout_raised',
            note: 'scheduled rollout step',
            details: { migrationId: record.id, percent, toVersion: record.toVersion },
          });
      }
      if (record.enqueuedPercent < record.percent) {
        await this.fanOut.run(record);
        continue;
      }
      if (record.percent >= 100 && !(await this.migrations.hasPending(record.workspaceId, record.id)))
        await this.migrations.update(record, { status: 'completed' });
    }
  }

  private startFanOut(record: MigrationRecord): void {
    this.fanOut
      .run(record)
      .catch((err: unknown) =>
        this.logger.error({ err, migrationId: record.id }, 'migration fan-out failed; the ticker resumes it'),
      );
  }

  private async require(
    workspaceId: string,
    journeyId: string,
    migrationId: string,
  ): Promise<MigrationRecord> {
    const record = await this.migrations.get(workspaceId, journeyId, migrationId);
    if (!record)
      throw notFound('migration_not_found', `Journey "${journeyId}" has no migration "${migrationId}"`);
    return record;
  }
}

function emptyCounts(): MigrationCounts {
  return { total: 0, enqueued: 0, migrated: 0, held: 0, exited: 0, failed: 0, unchanged: 0 };
}
