import type { Connection, Model, mongo } from 'mongoose';
import { GroupCommit, conflict, insertEach, scoped, writeErrorsByIndex } from '@kalcifer/platform';
import type {
  DeliveryChange,
  DeliveryKey,
  DeliveryLedger,
  DeliveryRecord,
  DeliveryState,
  NewDelivery,
} from '../ports/delivery-ledger';
import { DELIVERIES_COLLECTION, deliverySchema, type DeliveryDocument } from './delivery.schema';

/** A document as stored: with the stamp of the compare-and-set that wrote it last. */
type StoredDelivery = DeliveryDocument & { writeId?: string };

interface CasWrite {
  workspaceId: string;
  sendKey: string;
  filter: mongo.Filter<StoredDelivery>;
  update: mongo.UpdateFilter<StoredDelivery>;
  writeId: string;
}

// Unique per write within this process, and across processes by the random prefix.
const WRITER = Math.random().toString(36).slice(2, 10);
let writes = 0;

/**
 * The ledger in MongoDB: single-document compare-and-set only (no transactions needed).
 *
 * Claims and compare-and-sets are group-committed (GroupCommit, as the orchestrator's instance
 * store): what the worker's concurrent sends ask for while a round trip is in flight leaves
 * together as one insertMany or one bulkWrite, instead of one round trip per send and state (the
 * channels send-rate bench measured 3 ledger writes of 4-6 ms each per email, one at a time).
 * Each update of a bulk keeps its own filter, so each is still a compare-and-set on one record; it
 * stamps a fresh `writeId`, and one read of the batch's records afterwards says which writes won
 * (a record whose stamp is another's was moved by someone else: that write reports a lost race).
 */
export class MongoDeliveryLedger implements DeliveryLedger {
  private readonly model: Model<DeliveryDocument>;
  private readonly deliveries: mongo.Collection<StoredDelivery>;
  private readonly inserts: GroupCommit<StoredDelivery, boolean>;
  private readonly casWrites: GroupCommit<CasWrite, StoredDelivery | null>;

  constructor(conn: Connection) {
    this.model = conn.model<DeliveryDocument>('Delivery', deliverySchema);
    this.deliveries = conn.collection<StoredDelivery>(DELIVERIES_COLLECTION);
    this.inserts = new GroupCommit((docs) => insertEach(this.deliveries, docs));
    this.casWrites = new GroupCommit((batch) => this.compareAndSetMany(batch));
  }

  /** Creates the collection's secondary indexes (autoIndex is off platform-wide). */
  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async claim(delivery: NewDelivery, now: Date): Promise<{ created: boolean; record: DeliveryRecord }> {
    const { sendKey, ...rest } = delivery;
    const doc: DeliveryDocument = {
      _id: sendKey,
      ...rest,
      status: 'claimed',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    // insertEach: true inserted, false the send key is taken (an Error rejects this claim alone).
    if (await this.inserts.submit({ ...doc })) return { created: true, record: toRecord(doc) };
    const existing = await this.get({ workspaceId: delivery.workspaceId, sendKey });
    // Send keys are hashes of instance ids, so this means a corrupt or forged intent.
    if (!existing) throw conflict('send_key_taken', `send key ${sendKey} belongs to another workspace`);
    return { created: false, record: existing };
  }

  async get(key: DeliveryKey): Promise<DeliveryRecord | null> {
    const doc = await this.model
      .findOne(scoped(key.workspaceId, { _id: key.sendKey }))
      .lean<DeliveryDocument>()
      .exec();
    return doc ? toRecord(doc) : null;
  }

  async findByProviderMessageId(
    workspaceId: string,
    providerMessageId: string,
  ): Promise<DeliveryRecord | null> {
    const doc = await this.model
      .findOne(scoped(workspaceId, { providerMessageId }))
      .lean<DeliveryDocument>()
      .exec();
    return doc ? toRecord(doc) : null;
  }

  async recordProviderStatus(key: DeliveryKey, status: string, at: Date): Promise<void> {
    await this.model
      .updateOne(scoped(key.workspaceId, { _id: key.sendKey }), {
        $push: { providerStatuses: { status, at } },
      })
      .exec();
  }

  async transition(
    key: DeliveryKey,
    from: DeliveryState[],
    change: DeliveryChange,
    now: Date,
    leaseExpiredBy?: Date,
  ): Promise<DeliveryRecord | null> {
    const filter = scoped(key.workspaceId, {
      _id: key.sendKey,
      status: { $in: from },
      ...(leaseExpiredBy
        ? {
            $or: [
              { leaseExpiresAt: { $exists: false } },
              { leaseExpiresAt: null },
              { leaseExpiresAt: { $lte: leaseExpiredBy } },
            ],
          }
        : {}),
    });
    const writeId = `${WRITER}-${(writes += 1)}`;
    const set: Partial<StoredDelivery> = { status: change.status, updatedAt: now, writeId };
    if (change.providerMessageId !== undefined) set.providerMessageId = change.providerMessageId;
    if (change.error !== undefined) set.error = change.error;
    if (change.detail !== undefined) set.detail = change.detail;
    if (change.leaseExpiresAt) set.leaseExpiresAt = change.leaseExpiresAt;
    const update: mongo.UpdateFilter<StoredDelivery> = { $set: set };
    if (change.leaseExpiresAt === null) update.$unset = { leaseExpiresAt: 1 };
    if (change.incrementAttempts) update.$inc = { attempts: 1 };
    const doc = await this.casWrites.submit({
      workspaceId: key.workspaceId,
      sendKey: key.sendKey,
      filter: filter as mongo.Filter<StoredDelivery>,
      update,
      writeId,
    });
    return doc ? toRecord(doc) : null;
  }

  /** One compare-and-set per write, all in one round trip; null for a write that lost its race. */
  private async compareAndSetMany(batch: CasWrite[]): Promise<Array<StoredDelivery | null | Error>> {
    if (batch.length === 1) {
      const w = batch[0];
      return [await this.deliveries.findOneAndUpdate(w.filter, w.update, { returnDocument: 'after' })];
    }
    let failures: Map<number, { code: number; errmsg?: string }> | undefined;
    try {
      await this.deliveries.bulkWrite(
        batch.map((w) => ({ updateOne: { filter: w.filter, update: w.update } })),
        { ordered: false },
      );
    } catch (err) {
      failures = writeErrorsByIndex(err);
      if (!failures) throw err;
    }
    const docs = new Map<string, StoredDelivery>();
    for (const [workspaceId, sendKeys] of groupBy(batch)) {
      for (const doc of await this.deliveries.find(scoped(workspaceId, { _id: { $in: sendKeys } })).toArray())
        docs.set(`${workspaceId}|${doc._id}`, doc);
    }
    return batch.map((w, i) => {
      const failure = failures?.get(i);
      if (failure) return new Error(failure.errmsg ?? `update failed with code ${failure.code}`);
      const doc = docs.get(`${w.workspaceId}|${w.sendKey}`);
      return doc && doc.writeId === w.writeId ? doc : null;
    });
  }
}

function groupBy(batch: CasWrite[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const w of batch) {
    const list = groups.get(w.workspaceId);
    if (list) list.push(w.sendKey);
    else groups.set(w.workspaceId, [w.sendKey]);
  }
  return groups;
}

/** Map at the edge: the document's `_id` is the record's send key (its write stamp stays inside). */
function toRecord(doc: StoredDelivery): DeliveryRecord {
  const { _id, writeId: _writeId, ...rest } = doc;
  return { sendKey: _id, ...rest };
}
