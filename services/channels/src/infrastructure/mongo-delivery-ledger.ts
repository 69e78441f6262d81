import type { Connection, Model, UpdateQuery } from 'mongoose';
import { conflict, scoped } from '@kalcifer/platform';
import type {
  DeliveryChange,
  DeliveryKey,
  DeliveryLedger,
  DeliveryRecord,
  DeliveryState,
  NewDelivery,
} from '../ports/delivery-ledger';
import { deliverySchema, type DeliveryDocument } from './delivery.schema';

const DUPLICATE_KEY = 11000;

/** The ledger in MongoDB: single-document compare-and-set only (no transactions needed). */
export class MongoDeliveryLedger implements DeliveryLedger {
  private readonly model: Model<DeliveryDocument>;

  constructor(conn: Connection) {
    this.model = conn.model<DeliveryDocument>('Delivery', deliverySchema);
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
    try {
      await this.model.create(doc);
      return { created: true, record: toRecord(doc) };
    } catch (err) {
      if ((err as { code?: unknown }).code !== DUPLICATE_KEY) throw err;
    }
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
    const set: Partial<DeliveryDocument> = { status: change.status, updatedAt: now };
    if (change.providerMessageId !== undefined) set.providerMessageId = change.providerMessageId;
    if (change.error !== undefined) set.error = change.error;
    if (change.detail !== undefined) set.detail = change.detail;
    if (change.leaseExpiresAt) set.leaseExpiresAt = change.leaseExpiresAt;
    const update: UpdateQuery<DeliveryDocument> = { $set: set };
    if (change.leaseExpiresAt === null) update.$unset = { leaseExpiresAt: 1 };
    if (change.incrementAttempts) update.$inc = { attempts: 1 };
    const doc = await this.model
      .findOneAndUpdate(filter, update, { new: true })
      .lean<DeliveryDocument>()
      .exec();
    return doc ? toRecord(doc) : null;
  }
}

/** Map at the edge: the document's `_id` is the record's send key. */
function toRecord(doc: DeliveryDocument): DeliveryRecord {
  const { _id, ...rest } = doc;
  return { sendKey: _id, ...rest };
}
