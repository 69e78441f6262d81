import { GroupCommit, invalid, writeErrorsByIndex } from '@kalcifer/platform';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type {
  CustomerRecord,
  CustomerStore,
  ProfileChange,
  ProfileChangeStore,
} from '../ports/customer-store';

/** Codes of a server refusing a value as such (BadValue, field names it cannot hold). */
const REFUSED_VALUE_CODES = new Set([2, 52, 55, 56, 57]);

/**
 * A value the store cannot hold (e.g. nested arrays on FerretDB 1.x) is the request's fault:
 * answered as 400, not as an unexpected failure.
 */
function refusedValue(err: unknown): never {
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'number' && REFUSED_VALUE_CODES.has(code))
    throw invalid(
      'attributes_not_storable',
      `the customer store refused these attributes: ${String(message)}`,
    );
  throw err;
}

interface CustomerDoc extends CustomerRecord {
  _id: string;
  /** Ids of the last journey profile changes applied (idempotency of ProfileUpdateMessage). */
  appliedUpdates?: string[];
}

/** Enough to recognise a redelivered change: redeliveries come within minutes, not 500 changes later. */
const APPLIED_UPDATES_KEPT = 500;

const customerSchema = new Schema<CustomerDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    customerId: { type: String, required: true },
    attributes: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    appliedUpdates: { type: [String], default: undefined },
  },
  { collection: 'customers', versionKey: false, minimize: false },
);

const docId = (workspaceId: string, customerId: string) => `${workspaceId}:${customerId}`;

function toRecord(doc: CustomerDoc): CustomerRecord {
  const { _id: _ignored, appliedUpdates: _applied, ...rest } = doc;
  return { ...rest, attributes: rest.attributes ?? {} };
}

export class MongoCustomerStore implements CustomerStore, ProfileChangeStore {
  private readonly customers: Model<CustomerDoc>;
  /** Profiles read by concurrent steps leave together as one `$in` read. */
  private readonly reads: GroupCommit<{ workspaceId: string; customerId: string }, CustomerRecord | null>;
  private readonly changes: GroupCommit<PendingChange, boolean>;

  constructor(conn: Connection) {
    this.customers = conn.model<CustomerDoc>('Customer', customerSchema);
    this.reads = new GroupCommit((keys) => this.readMany(keys));
    this.changes = new GroupCommit((items) => this.applyMany(items));
  }

  get(workspaceId: string, customerId: string): Promise<CustomerRecord | null> {
    return this.reads.submit({ workspaceId, customerId });
  }

  /** The `_id` holds the workspace, so one `$in` serves several workspaces; each answer is checked. */
  private async readMany(
    keys: { workspaceId: string; customerId: string }[],
  ): Promise<Array<CustomerRecord | null>> {
    const ids = keys.map((k) => docId(k.workspaceId, k.customerId));
    const docs = await this.customers.find({ _id: { $in: ids } }).lean<CustomerDoc[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return keys.map((k, i) => {
      const doc = byId.get(ids[i]);
      return doc && doc.workspaceId === k.workspaceId ? toRecord(doc) : null;
    });
  }

  async listPage(
    workspaceId: string,
    afterCustomerId: string | undefined,
    limit: number,
  ): Promise<CustomerRecord[]> {
    const docs = await this.customers
      .find({
        workspaceId,
        ...(afterCustomerId === undefined ? {} : { _id: { $gt: docId(workspaceId, afterCustomerId) } }),
      })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<CustomerDoc[]>();
    return docs.map(toRecord);
  }

  async upsert(
    workspaceId: string,
    customerId: string,
    attributes: Record<string, unknown>,
  ): Promise<CustomerRecord> {
    const now = new Date();
    const set: Record<string, unknown> = { updatedAt: now };
    const unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null) unset[`attributes.${key}`] = '';
      else set[`attributes.${key}`] = value;
    }
    const update: Record<string, unknown> = {
      $set: set,
      $setOnInsert: { customerId, createdAt: now },
    };
    if (Object.keys(unset).length > 0) update.$unset = unset;
    const write = () =>
      this.customers
        .findOneAndUpdate({ _id: docId(workspaceId, customerId), workspaceId }, update, {
          upsert: true,
          new: true,
        })
        .lean<CustomerDoc>();
    // Two concurrent first upserts of one customer: the loser's insert hits the unique _id; its
    // second try finds the document and updates it.
    const doc = await write()
      .catch((err: { code?: number }) => {
        if (err.code === 11000) return write();
        throw err;
      })
      .catch(refusedValue);
    return toRecord(doc);
  }

  /**
   * Changes of different profiles made at once leave together as one unordered bulkWrite (the
   * caller changes one profile at a time, so a batch never holds two changes of one profile).
   */
  applyChange(workspaceId: string, customerId: string, change: ProfileChange): Promise<boolean> {
    // Adding and removing tags in one change takes two writes ($addToSet and $pull on one path).
    if (change.addTags?.length && change.removeTags?.length)
      return this.applyAlone({ workspaceId, customerId, change });
    return this.changes.submit({ workspaceId, customerId, change });
  }

  private async applyMany(items: PendingChange[]): Promise<Array<boolean | Error>> {
    let failures: ReturnType<typeof writeErrorsByIndex>;
    try {
      await this.customers.bulkWrite(
        items.map((item) => ({
          updateOne: { filter: changeFilter(item), update: changeUpdate(item), upsert: true },
        })),
        { ordered: false },
      );
    } catch (err) {
      failures = writeErrorsByIndex(err);
      if (!failures) throw err;
    }
    return Promise.all(
      items.map(async (item, i) => {
        const failure = failures?.get(i);
        if (!failure) return true;
        if (failure.code !== 11000)
          return Object.assign(new Error(failure.errmsg ?? `update failed with code ${failure.code}`), {
            code: failure.code,
          });
        return this.applyToExisting(item);
      }),
    );
  }

  private async applyAlone(item: PendingChange): Promise<boolean> {
    try {
      await this.customers.updateOne(changeFilter(item), changeUpdate(item), { upsert: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      if (!(await this.applyToExisting(item))) return false;
    }
    if (item.change.addTags?.length && item.change.removeTags?.length)
      await this.customers.updateOne(
        { _id: docId(item.workspaceId, item.customerId), workspaceId: item.workspaceId },
        { $pullAll: { 'attributes.tags': item.change.removeTags } },
      );
    return true;
  }

  /**
   * The filter matches only a profile that has not seen this change. When it has, the upsert's
   * insert collides with the existing _id (E11000)... but so does a first change racing another
   * first change of the same new profile: the profile exists now, so try once more without
   * inserting; no match then means the change was applied before.
   */
  private async applyToExisting(item: PendingChange): Promise<boolean> {
    const { $setOnInsert: _insertOnly, ...existing } = changeUpdate(item);
    const again = await this.customers.updateOne(changeFilter(item), existing);
    return again.matchedCount > 0;
  }
}

interface PendingChange {
  workspaceId: string;
  customerId: string;
  change: ProfileChange;
}

const changeFilter = ({ workspaceId, customerId, change }: PendingChange) => ({
  _id: docId(workspaceId, customerId),
  workspaceId,
  appliedUpdates: { $ne: change.updateId },
});

function changeUpdate({ workspaceId, customerId, change }: PendingChange): Record<string, unknown> {
  const now = new Date();
  const set: Record<string, unknown> = { updatedAt: now };
  for (const [key, value] of Object.entries(change.set ?? {})) set[`attributes.${key}`] = value;
  const update: Record<string, unknown> = {
    $set: set,
    $setOnInsert: { workspaceId, customerId, createdAt: now },
    $push: { appliedUpdates: { $each: [change.updateId], $slice: -APPLIED_UPDATES_KEPT } },
  };
  if (change.unset?.length)
    update.$unset = Object.fromEntries(change.unset.map((key) => [`attributes.${key}`, '']));
  if (change.increment && Object.keys(change.increment).length > 0)
    update.$inc = Object.fromEntries(
      Object.entries(change.increment).map(([key, by]) => [`attributes.${key}`, by]),
    );
  if (change.addTags?.length) update.$addToSet = { 'attributes.tags': { $each: change.addTags } };
  else if (change.removeTags?.length) update.$pullAll = { 'attributes.tags': change.removeTags };
  return update;
}
