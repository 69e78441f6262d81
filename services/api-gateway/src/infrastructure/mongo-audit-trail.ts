import type { Connection, mongo } from 'mongoose';
import type { AuditQuery, AuditRecord, AuditTrailStore } from '../ports/audit-trail.port';

type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string; targetIds: string[] };

/** `audit_trail`: append-only, read newest first per workspace. */
export class MongoAuditTrail implements AuditTrailStore {
  private readonly entries: mongo.Collection<AuditDoc>;

  constructor(connection: Connection) {
    this.entries = connection.collection<AuditDoc>('audit_trail');
  }

  async ensureIndexes(): Promise<void> {
    await this.entries.createIndexes([
      { key: { workspaceId: 1, _id: -1 } },
      { key: { workspaceId: 1, targetIds: 1, _id: -1 } },
    ]);
  }

  async append(record: AuditRecord): Promise<void> {
    const { id, ...rest } = record;
    const targetIds = [...Object.values(record.target), ...(record.createdId ? [record.createdId] : [])];
    await this.entries.insertOne({ _id: id, ...rest, targetIds });
  }

  async list(workspaceId: string, query: AuditQuery): Promise<AuditRecord[]> {
    // Values are strings and dates checked by the route's schema: no operator can come through.
    const filter: mongo.Filter<AuditDoc> = { workspaceId };
    if (query.action) filter.action = query.action;
    if (query.actor) filter.actor = query.actor;
    if (query.targetId) filter.targetIds = query.targetId;
    if (query.since || query.until)
      filter.at = {
        ...(query.since ? { $gte: query.since } : {}),
        ...(query.until ? { $lt: query.until } : {}),
      };
    if (query.before) filter._id = { $lt: query.before };
    const docs = await this.entries.find(filter).sort({ _id: -1 }).limit(query.limit).toArray();
    return docs.map(({ _id, targetIds: _targets, ...rest }) => ({ id: _id, ...rest }));
  }
}
