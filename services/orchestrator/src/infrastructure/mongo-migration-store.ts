import { GroupCommit, isDuplicateKey, onlyDuplicateKeys } from '@kalcifer/platform';
import type { Connection, mongo } from 'mongoose';
import type { NodeMapping } from '@kalcifer/journey';
import type { ItemOutcome, MigrationCounts, MigrationRecord, MigrationStore } from '../ports/migration-store';
import { inBatches } from './cursor-batches';

/**
 * Migrations and their per-instance items, through the driver. The mapping is kept as JSON text:
 * node ids may contain dots, which MongoDB field names cannot. Counts are derived from the items,
 * so recording an instance's outcome twice (a redelivered message) never counts it twice.
 */
interface MigrationDoc extends Omit<MigrationRecord, 'id' | 'mapping' | 'edits'> {
  _id: string;
  mappingJson: string;
  editsJson: string;
}

interface ItemDoc {
  _id: string;
  workspaceId: string;
  migrationId: string;
  instanceId: string;
  outcome: ItemOutcome;
  detail?: string;
  updatedAt: Date;
}

interface OutcomeWrite {
  workspaceId: string;
  migrationId: string;
  instanceId: string;
  outcome: ItemOutcome;
  detail?: string;
}

const OUTCOMES: ItemOutcome[] = ['enqueued', 'migrated', 'held', 'exited', 'failed', 'unchanged'];
const ADD_BATCH = 1_000;
const itemId = (migrationId: string, instanceId: string) => `${migrationId}:${instanceId}`;

function toRecord(doc: MigrationDoc): MigrationRecord {
  const { _id, mappingJson, editsJson, ...rest } = doc;
  return {
    id: _id,
    ...rest,
    mapping: JSON.parse(mappingJson) as Record<string, NodeMapping>,
    edits: JSON.parse(editsJson) as NodeMapping,
  };
}

export class MongoMigrationStore implements MigrationStore {
  private readonly migrations: mongo.Collection<MigrationDoc>;
  private readonly items: mongo.Collection<ItemDoc>;
  /** Outcomes of concurrently migrated instances leave together as one bulkWrite. */
  private readonly outcomes: GroupCommit<OutcomeWrite, void>;

  constructor(conn: Connection) {
    this.migrations = conn.collection<MigrationDoc>('migrations');
    this.items = conn.collection<ItemDoc>('migration_items');
    this.outcomes = new GroupCommit((writes) => this.writeOutcomes(writes));
  }

  async init(): Promise<void> {
    await this.migrations.createIndexes([
      { key: { workspaceId: 1, journeyId: 1, createdAt: 1 } },
      { key: { status: 1 } },
    ]);
    await this.items.createIndexes([{ key: { migrationId: 1, outcome: 1, instanceId: 1 } }]);
  }

  async insert(record: MigrationRecord): Promise<void> {
    const { id, mapping, edits, ...rest } = record;
    try {
      await this.migrations.insertOne({
        _id: id,
        ...rest,
        mappingJson: JSON.stringify(mapping),
        editsJson: JSON.stringify(edits),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async get(workspaceId: string, journeyId: string, migrationId: string) {
    const doc = await this.migrations.findOne({ _id: migrationId, workspaceId, journeyId });
    return doc ? toRecord(doc) : null;
  }

  async list(workspaceId: string, journeyId: string) {
    const docs = await this.migrations.find({ workspaceId, journeyId }).sort({ createdAt: -1 }).toArray();
    return docs.map(toRecord);
  }

  async listUnfinished() {
    const docs = await this.migrations.find({ status: { $in: ['running', 'halted'] } }).toArray();
    return docs.map(toRecord);
  }

  async update(
    record: MigrationRecord,
    changes: Partial<Pick<MigrationRecord, 'percent' | 'enqueuedPercent' | 'schedule' | 'status'>>,
  ): Promise<MigrationRecord | null> {
    const updatedAt = new Date(Math.max(Date.now(), record.updatedAt.getTime() + 1));
    const res = await this.migrations.updateOne(
      { _id: record.id, workspaceId: record.workspaceId, updatedAt: record.updatedAt },
      { $set: { ...changes, updatedAt } },
    );
    return res.matchedCount === 1 ? { ...record, ...changes, updatedAt } : null;
  }

  async addItems(workspaceId: string, migrationId: string, instanceIds: string[]): Promise<void> {
    if (instanceIds.length === 0) return;
    const now = new Date();
    // An unordered insertMany: one round trip per page; items recorded before (a fan-out resumed
    // after a crash) fail as duplicates and stay as they are.
    for (let i = 0; i < instanceIds.length; i += ADD_BATCH) {
      const docs: ItemDoc[] = instanceIds.slice(i, i + ADD_BATCH).map((instanceId) => ({
        _id: itemId(migrationId, instanceId),
        workspaceId,
        migrationId,
        instanceId,
        outcome: 'enqueued',
        updatedAt: now,
      }));
      try {
        await this.items.insertMany(docs, { ordered: false });
      } catch (err) {
        if (!onlyDuplicateKeys(err)) throw err;
      }
    }
  }

  pendingItems(workspaceId: string, migrationId: string, batchSize: number) {
    const cursor = this.items
      .find({ workspaceId, migrationId, outcome: 'enqueued' }, { projection: { instanceId: 1 } })
      .batchSize(batchSize);
    return inBatches(cursor, batchSize, (d) => d.instanceId);
  }

  setOutcome(
    workspaceId: string,
    migrationId: string,
    instanceId: string,
    outcome: ItemOutcome,
    detail?: string,
  ): Promise<void> {
    return this.outcomes.submit({ workspaceId, migrationId, instanceId, outcome, detail });
  }

  private async writeOutcomes(writes: OutcomeWrite[]): Promise<void[]> {
    const now = new Date();
    await this.items.bulkWrite(
      writes.map(({ workspaceId, migrationId, instanceId, outcome, detail }) => ({
        updateOne: {
          filter: { _id: itemId(migrationId, instanceId), workspaceId },
          update: {
            $set: { outcome, updatedAt: now, ...(detail === undefined ? {} : { detail }) },
            $setOnInsert: { migrationId, instanceId },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return writes.map(() => undefined);
  }

  async hasPending(workspaceId: string, migrationId: string): Promise<boolean> {
    const doc = await this.items.findOne(
      { workspaceId, migrationId, outcome: 'enqueued' },
      { projection: { _id: 1 } },
    );
    return doc !== null;
  }

  async counts(workspaceId: string, migrationId: string): Promise<MigrationCounts> {
    // One statement, so one snapshot: a count per outcome read apart could see an item that moved
    // from enqueued to migrated in neither or in both, and the total went down between two reads.
    const groups = await this.items
      .aggregate<{ _id: ItemOutcome; n: number }>([
        { $match: { workspaceId, migrationId } },
        { $group: { _id: '$outcome', n: { $sum: 1 } } },
      ])
      .toArray();
    const found = new Map(groups.map((g) => [g._id, g.n]));
    const perOutcome = OUTCOMES.map((o) => found.get(o) ?? 0);
    const counts = Object.fromEntries(OUTCOMES.map((o, i) => [o, perOutcome[i]])) as Record<
      ItemOutcome,
      number
    >;
    return { ...counts, total: perOutcome.reduce((a, b) => a + b, 0) };
  }
}
