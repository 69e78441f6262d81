import { isDuplicateKey } from '@kalcifer/platform';
import type { Connection, mongo } from 'mongoose';
import type {
  MigrationProgressLog,
  MigrationProgressSeries,
  MigrationRef,
} from '../ports/migration-progress-log';

/** One document per migration (`_id` its id, like `migrations`). */
interface SeriesDoc extends MigrationProgressSeries {
  _id: string;
  workspaceId: string;
  journeyId: string;
}

const STATE = { intervalMs: 1, nextAt: 1, final: 1, workspaceId: 1, journeyId: 1 } as const;

/** The collection `migration_progress`: bounded series (the sampler thins them), never scanned whole. */
export class MongoMigrationProgressLog implements MigrationProgressLog {
  private readonly series: mongo.Collection<SeriesDoc>;

  constructor(conn: Connection) {
    this.series = conn.collection<SeriesDoc>('migration_progress');
  }

  async init(): Promise<void> {
    // The open series are few: a partial index holds only them.
    await this.series.createIndexes([
      { key: { final: 1 }, partialFilterExpression: { final: false }, name: 'open_series' },
    ]);
  }

  async get(ref: MigrationRef): Promise<MigrationProgressSeries | null> {
    const doc = await this.series.findOne({ _id: ref.migrationId, workspaceId: ref.workspaceId });
    if (!doc) return null;
    const { intervalMs, nextAt, final, samples } = doc;
    return { intervalMs, nextAt, final, samples };
  }

  async listOpen() {
    const docs = await this.series.find({ final: false }, { projection: STATE }).toArray();
    return docs.map((d) => ({
      workspaceId: d.workspaceId,
      journeyId: d.journeyId,
      migrationId: d._id,
      intervalMs: d.intervalMs,
      nextAt: d.nextAt,
      final: d.final,
    }));
  }

  async states(refs: MigrationRef[]) {
    const out = new Map<string, Omit<MigrationProgressSeries, 'samples'>>();
    if (refs.length === 0) return out;
    const docs = await this.series
      .find({ _id: { $in: refs.map((r) => r.migrationId) } }, { projection: STATE })
      .toArray();
    for (const d of docs)
      out.set(`${d.workspaceId}/${d._id}`, { intervalMs: d.intervalMs, nextAt: d.nextAt, final: d.final });
    return out;
  }

  async replace(
    ref: MigrationRef,
    before: MigrationProgressSeries | null,
    after: MigrationProgressSeries,
  ): Promise<boolean> {
    if (before === null) {
      try {
        await this.series.insertOne({
          _id: ref.migrationId,
          workspaceId: ref.workspaceId,
          journeyId: ref.journeyId,
          ...after,
        });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    }
    // Every change moves nextAt on (or closes the series): unchanged, nobody wrote since `before`.
    const res = await this.series.updateOne(
      { _id: ref.migrationId, workspaceId: ref.workspaceId, nextAt: before.nextAt, final: before.final },
      { $set: after },
    );
    return res.modifiedCount === 1;
  }
}
