import { isDuplicateKey } from '@kalcifer/platform';
import type { Connection, mongo } from 'mongoose';
import type { AuditEntry, AuditLog } from '../ports/audit-log';

/** The `audit` collection: append-only, read newest first per journey. */
export class MongoAuditLog implements AuditLog {
  private readonly entries: mongo.Collection<AuditEntry>;

  constructor(conn: Connection) {
    this.entries = conn.collection<AuditEntry>('audit');
  }

  async init(): Promise<void> {
    await this.entries.createIndexes([{ key: { workspaceId: 1, journeyId: 1, at: -1 } }]);
  }

  async append(entry: AuditEntry, id?: string): Promise<void> {
    try {
      await this.entries.insertOne(id === undefined ? { ...entry } : { _id: id as never, ...entry });
    } catch (err) {
      if (id === undefined || !isDuplicateKey(err)) throw err;
    }
  }

  async list(workspaceId: string, journeyId: string, limit: number): Promise<AuditEntry[]> {
    const docs = await this.entries
      .find({ workspaceId, journeyId }, { projection: { _id: 0 } })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
    return docs;
  }
}
