import { Schema, type Connection, type Model } from 'mongoose';
import { scoped } from '@kalcifer/platform';
import { CHANNELS, type Channel } from '../ports/channel-provider';
import type { ProviderConfigStore, StoredProviderConfig } from '../ports/provider-config-store';

interface ProviderConfigDocument extends StoredProviderConfig {
  /** `<workspaceId>:<channel>`: one provider per channel per workspace. */
  _id: string;
}

const schema = new Schema<ProviderConfigDocument>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    provider: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, default: {} },
    sealedCredentials: { type: String, required: true },
    credentialHints: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'provider_configs', versionKey: false, strict: true, minimize: false },
);
schema.index({ workspaceId: 1 });

/** Provider configurations in the channels service's database (`provider_configs`). */
export class MongoProviderConfigStore implements ProviderConfigStore {
  private readonly model: Model<ProviderConfigDocument>;

  constructor(conn: Connection) {
    this.model = conn.model<ProviderConfigDocument>('ProviderConfig', schema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async get(workspaceId: string, channel: Channel): Promise<StoredProviderConfig | null> {
    const doc = await this.model
      .findOne(scoped(workspaceId, { _id: `${workspaceId}:${channel}` }))
      .lean<ProviderConfigDocument>()
      .exec();
    return doc ? strip(doc) : null;
  }

  async list(workspaceId: string): Promise<StoredProviderConfig[]> {
    const docs = await this.model.find(scoped(workspaceId, {})).lean<ProviderConfigDocument[]>().exec();
    return docs.map(strip).sort((a, b) => a.channel.localeCompare(b.channel));
  }

  async put(config: StoredProviderConfig): Promise<void> {
    const _id = `${config.workspaceId}:${config.channel}`;
    await this.model
      .replaceOne(scoped(config.workspaceId, { _id }), { _id, ...config }, { upsert: true })
      .exec();
  }

  async delete(workspaceId: string, channel: Channel): Promise<boolean> {
    const result = await this.model
      .deleteOne(scoped(workspaceId, { _id: `${workspaceId}:${channel}` }))
      .exec();
    return result.deletedCount > 0;
  }

  async sealedUnderOtherKeys(currentKeyId: string): Promise<StoredProviderConfig[]> {
    // The key id is the second field of `v1:<key id>:...`.
    const docs = await this.model
      .find({ sealedCredentials: { $not: new RegExp(`^v1:${currentKeyId}:`) } })
      .lean<ProviderConfigDocument[]>()
      .exec();
    return docs.map(strip);
  }

  async replaceSealedCredentials(
    workspaceId: string,
    channel: Channel,
    expected: string,
    sealed: string,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(scoped(workspaceId, { _id: `${workspaceId}:${channel}`, sealedCredentials: expected }), {
        $set: { sealedCredentials: sealed },
      })
      .exec();
    return result.modifiedCount > 0;
  }
}

function strip(doc: ProviderConfigDocument): StoredProviderConfig {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}
