import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { CustomerRecord, CustomerStore } from '../ports/customer-store';

interface CustomerDoc extends CustomerRecord {
  _id: string;
}

const customerSchema = new Schema<CustomerDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    customerId: { type: String, required: true },
    attributes: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'customers', versionKey: false, minimize: false },
);

const docId = (workspaceId: string, customerId: string) => `${workspaceId}:${customerId}`;

function toRecord(doc: CustomerDoc): CustomerRecord {
  const { _id: _ignored, ...rest } = doc;
  return { ...rest, attributes: rest.attributes ?? {} };
}

export class MongoCustomerStore implements CustomerStore {
  private readonly customers: Model<CustomerDoc>;

  constructor(conn: Connection) {
    this.customers = conn.model<CustomerDoc>('Customer', customerSchema);
  }

  async get(workspaceId: string, customerId: string): Promise<CustomerRecord | null> {
    const doc = await this.customers
      .findOne({ _id: docId(workspaceId, customerId), workspaceId })
      .lean<CustomerDoc>();
    return doc ? toRecord(doc) : null;
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
    const doc = await write().catch((err: { code?: number }) => {
      if (err.code === 11000) return write();
      throw err;
    });
    return toRecord(doc);
  }
}
