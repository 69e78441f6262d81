import { notFound, type Logger } from '@kalcifer/platform';
import type {
  MigrationProgressLog,
  MigrationProgressSeries,
  MigrationRef,
} from '../ports/migration-progress-log';
import type { MigrationRecord, MigrationStore } from '../ports/migration-store';
import { nextSeries, type SeriesLimits } from './migration-progress-series';

const keyOf = (r: MigrationRef) => `${r.workspaceId}/${r.migrationId}`;
const refOf = (r: MigrationRecord): MigrationRef => ({
  workspaceId: r.workspaceId,
  journeyId: r.journeyId,
  migrationId: r.id,
});

/**
 * Migration progress over time (FR-10.6): every MIGRATION_PROGRESS_SAMPLE_MS, the counts of each
 * migration still running (read as the migration's own progress read does, one indexed count per
 * outcome) are added to its series; once it is over (not running and nothing enqueued) a last
 * sample closes it. Apart from the migration itself: it only reads the counts. Every replica runs
 * it; a sample is written by compare-and-set, so two replicas add it once.
 */
export class MigrationProgress {
  constructor(
    private readonly migrations: MigrationStore,
    private readonly log: MigrationProgressLog,
    private readonly limits: SeriesLimits,
    private readonly logger: Logger,
  ) {}

  async tick(now: number): Promise<void> {
    const unfinished = await this.migrations.listUnfinished();
    const states = await this.log.states(unfinished.map(refOf));
    const due = unfinished.filter((r) => {
      const state = states.get(keyOf(refOf(r)));
      if (state === undefined) return true;
      // A halted migration is sampled every tick until it is over (then its series is final).
      return !state.final && (state.nextAt <= now || r.status !== 'running');
    });
    // A series still open whose migration left the list (completed, superseded): its last sample.
    const listed = new Set(unfinished.map((r) => keyOf(refOf(r))));
    for (const open of await this.log.listOpen()) {
      if (listed.has(keyOf(open))) continue;
      const record = await this.migrations.get(open.workspaceId, open.journeyId, open.migrationId);
      if (record) due.push(record);
    }
    for (const record of due) {
      try {
        await this.sample(record, now);
      } catch (err) {
        this.logger.warn({ err, migrationId: record.id }, 'migration progress not sampled; next interval');
      }
    }
  }

  private async sample(record: MigrationRecord, now: number): Promise<void> {
    const ref = refOf(record);
    const counts = await this.migrations.counts(record.workspaceId, record.id);
    // Over: nothing more will be taken up (completed, superseded, or halted with its last raise
    // fanned out) and nothing taken up is still waiting to move.
    const final =
      record.status !== 'running' && record.enqueuedPercent >= record.percent && counts.enqueued === 0;
    const before = await this.log.get(ref);
    const after = nextSeries(before, { at: now, ...counts }, final, this.limits);
    if (after !== null) await this.log.replace(ref, before, after);
  }

  /** A migration's series (empty until its first sample); migration_not_found for an unknown one. */
  async series(ref: MigrationRef): Promise<MigrationProgressSeries> {
    const record = await this.migrations.get(ref.workspaceId, ref.journeyId, ref.migrationId);
    if (!record)
      throw notFound(
        'migration_not_found',
        `Journey "${ref.journeyId}" has no migration "${ref.migrationId}"`,
      );
    return (
      (await this.log.get(ref)) ?? {
        intervalMs: this.limits.intervalMs,
        nextAt: 0,
        final: false,
        samples: [],
      }
    );
  }
}
