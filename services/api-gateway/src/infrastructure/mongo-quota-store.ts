import type { Connection, mongo } from 'mongoose';
import type { QuotaStore, WorkspaceQuotas } from '../ports/quota-store.port';

interface QuotaDoc extends Partial<WorkspaceQuotas> {
  _id: string;
  updatedAt: Date;
}

/** `workspace_quotas`: one document per workspace that overrides a default. */
export class MongoQuotaStore implements QuotaStore {
  private readonly quotas: mongo.Collection<QuotaDoc>;

  constructor(connection: Connection) {
    this.quotas = connection.collection<QuotaDoc>('workspace_quotas');
  }

  async get(workspaceId: string): Promise<Partial<WorkspaceQuotas>> {
    const doc = await this.quotas.findOne({ _id: workspaceId });
    if (!doc) return {};
    const { requestsPerSecondPerKey, eventsPerSecond, activeJourneys, activeInstances } = doc;
    return Object.fromEntries(
      Object.entries({ requestsPerSecondPerKey, eventsPerSecond, activeJourneys, activeInstances }).filter(
        ([, v]) => v !== undefined,
      ),
    );
  }

  async set(workspaceId: string, quotas: Partial<WorkspaceQuotas>): Promise<void> {
    await this.quotas.updateOne(
      { _id: workspaceId },
      { $set: { ...quotas, updatedAt: new Date() } },
      { upsert: true },
    );
  }
}
