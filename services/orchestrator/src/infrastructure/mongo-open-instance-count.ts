import type { Connection, mongo } from 'mongoose';
import type { OpenInstanceCount } from '../ports/open-instance-count';

/** The statuses of an instance that has not ended (as the instance store's OPEN_STATUSES). */
const OPEN_STATUSES = ['active', 'waiting', 'paused', 'held'];

/**
 * Counted by the server from the `instances` collection (the instance store's documents), with
 * `limit` so that a count stops at the quota: its cost grows with min(open, atMost), not with the
 * workspace's history. Served by an index with workspaceId first: (workspaceId, status) when the
 * store has it, else (workspaceId, journeyId, status).
 */
export class MongoOpenInstanceCount implements OpenInstanceCount {
  private readonly instances: mongo.Collection<{ workspaceId: string; status: string }>;

  constructor(conn: Connection) {
    this.instances = conn.collection('instances');
  }

  count(workspaceId: string, atMost?: number): Promise<number> {
    return this.instances.countDocuments(
      { workspaceId, status: { $in: OPEN_STATUSES } },
      atMost !== undefined && atMost > 0 ? { limit: atMost } : {},
    );
  }
}
