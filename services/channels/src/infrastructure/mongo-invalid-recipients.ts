import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { scoped } from '@kalcifer/platform';
import { CHANNELS, type Channel } from '../ports/channel-provider';
import type { InvalidRecipient, InvalidRecipients } from '../ports/invalid-recipients';

interface InvalidRecipientDocument extends InvalidRecipient {
  /** `<workspaceId>:<channel>:<sha256 of the address>`: one record per address (tokens are long). */
  _id: string;
}

const schema = new Schema<InvalidRecipientDocument>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    provider: { type: String, required: true },
    address: { type: String, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'invalid_recipients', versionKey: false, strict: true },
);
schema.index({ workspaceId: 1 });

/** Push tokens (and other addresses) providers reported dead, in the channels database. */
export class MongoInvalidRecipients implements InvalidRecipients {
  private readonly model: Model<InvalidRecipientDocument>;

  constructor(conn: Connection) {
    this.model = conn.model<InvalidRecipientDocument>('InvalidRecipient', schema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async mark(recipient: InvalidRecipient): Promise<void> {
    const _id = idOf(recipient.workspaceId, recipient.channel, recipient.address);
    await this.model
      .replaceOne(scoped(recipient.workspaceId, { _id }), { _id, ...recipient }, { upsert: true })
      .exec();
  }

  async find(workspaceId: string, channel: Channel, address: string): Promise<InvalidRecipient | null> {
    const doc = await this.model
      .findOne(scoped(workspaceId, { _id: idOf(workspaceId, channel, address) }))
      .lean<InvalidRecipientDocument>()
      .exec();
    if (!doc) return null;
    const { _id, ...recipient } = doc;
    void _id;
    return recipient;
  }
}

function idOf(workspaceId: string, channel: Channel, address: string): string {
  return `${workspaceId}:${channel}:${createHash('sha256').update(address).digest('hex')}`;
}
