import { Schema, type Connection, type Model } from 'mongoose';
import { AppError } from '@kalcifer/platform';
import { normaliseRole } from '../application/permissions';
import type { ApiKeyRecord, WorkspaceRecord, WorkspaceStore } from '../ports/workspace-store.port';

interface WorkspaceDoc {
  _id: string;
  name: string;
  createdAt: Date;
}

interface ApiKeyDoc {
  /** sha256(key), hex. */
  _id: string;
  workspaceId: string;
  name: string;
  /** viewer | editor | admin; `member` on keys from before three roles (read as editor). */
  role: string;
  createdAt: Date;
  prefix?: string;
  expiresAt?: Date;
  revokedAt?: Date;
  lastUsedAt?: Date;
}

const workspaceSchema = new Schema<WorkspaceDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    role: { type: String, required: true, enum: ['viewer', 'editor', 'admin', 'member'] },
    createdAt: { type: Date, required: true },
    prefix: { type: String },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
  },
  { versionKey: false },
);

const DUPLICATE_KEY = 11000;

/** A store that cannot be reached is a 503 for the caller, not a 500. */
function isConnectivityError(err: unknown): boolean {
  const name = (err as Error)?.name ?? '';
  const message = String((err as Error)?.message ?? '');
  return (
    /Mongo(ose)?(Network|ServerSelection|NotConnected|Timeout)Error/.test(name) ||
    message.includes('buffering timed out')
  );
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isConnectivityError(err)) {
      throw new AppError(
        'unavailable',
        'service_unavailable',
        'the workspace store (MongoDB) is unreachable; retry shortly',
      );
    }
    throw err;
  }
}

export class MongoWorkspaceStore implements WorkspaceStore {
  private readonly workspaces: Model<WorkspaceDoc>;
  private readonly apiKeys: Model<ApiKeyDoc>;

  constructor(connection: Connection) {
    this.workspaces = connection.model<WorkspaceDoc>('Workspace', workspaceSchema, 'workspaces');
    this.apiKeys = connection.model<ApiKeyDoc>('ApiKey', apiKeySchema, 'api_keys');
  }

  /** Creates the indexes (autoIndex is off on every service's connection). */
  async ensureIndexes(): Promise<void> {
    await this.apiKeys.createIndexes();
  }

  findApiKey(keyHash: string): Promise<ApiKeyRecord | null> {
    return guarded(async () => {
      const doc = await this.apiKeys.findById(keyHash).lean<ApiKeyDoc>().exec();
      return doc ? toKeyRecord(doc) : null;
    });
  }

  getWorkspace(workspaceId: string): Promise<WorkspaceRecord | null> {
    return guarded(async () => {
      const doc = await this.workspaces.findById(workspaceId).lean<WorkspaceDoc>().exec();
      return doc ? { id: doc._id, name: doc.name, createdAt: doc.createdAt } : null;
    });
  }

  insertWorkspace(workspace: WorkspaceRecord): Promise<void> {
    return guarded(async () => {
      await this.workspaces.create({
        _id: workspace.id,
        name: workspace.name,
        createdAt: workspace.createdAt,
      });
    });
  }

  deleteWorkspace(workspaceId: string): Promise<void> {
    return guarded(async () => {
      await this.workspaces.deleteOne({ _id: workspaceId }).exec();
    });
  }

  insertApiKey(key: ApiKeyRecord): Promise<'inserted' | 'duplicate'> {
    return guarded(async () => {
      try {
        await this.apiKeys.create({
          _id: key.keyHash,
          workspaceId: key.workspaceId,
          name: key.name,
          role: key.role,
          createdAt: key.createdAt,
          prefix: key.prefix,
          expiresAt: key.expiresAt,
        });
        return 'inserted';
      } catch (err) {
        if ((err as { code?: number }).code === DUPLICATE_KEY) return 'duplicate';
        throw err;
      }
    });
  }

  listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]> {
    return guarded(async () => {
      const docs = await this.apiKeys
        .find({ workspaceId })
        .sort({ createdAt: -1 })
        .lean<ApiKeyDoc[]>()
        .exec();
      return docs.map(toKeyRecord);
    });
  }

  revokeApiKey(workspaceId: string, hashPrefix: string, at: Date): Promise<ApiKeyRecord | null> {
    if (!/^[0-9a-f]{8,64}$/.test(hashPrefix)) return Promise.resolve(null);
    return guarded(async () => {
      // An anchored regex on _id walks the primary index; the workspace scopes it.
      const filter = { _id: { $regex: `^${hashPrefix}` }, workspaceId };
      await this.apiKeys
        .updateOne({ ...filter, revokedAt: { $exists: false } }, { $set: { revokedAt: at } })
        .exec();
      const doc = await this.apiKeys.findOne(filter).lean<ApiKeyDoc>().exec();
      return doc ? toKeyRecord(doc) : null;
    });
  }

  touchApiKey(keyHash: string, at: Date): Promise<void> {
    return guarded(async () => {
      await this.apiKeys.updateOne({ _id: keyHash }, { $set: { lastUsedAt: at } }).exec();
    });
  }
}

function toKeyRecord(doc: ApiKeyDoc): ApiKeyRecord {
  return {
    keyHash: doc._id,
    workspaceId: doc.workspaceId,
    name: doc.name,
    role: normaliseRole(doc.role),
    createdAt: doc.createdAt,
    prefix: doc.prefix,
    expiresAt: doc.expiresAt,
    revokedAt: doc.revokedAt,
    lastUsedAt: doc.lastUsedAt,
  };
}
