import { notFound } from '@kalcifer/platform';
import type { InstanceRecord, InstanceStore, StoredTraceEntry } from '../ports/instance-store';

export class QueryInstances {
  constructor(private readonly instances: InstanceStore) {}

  list(
    workspaceId: string,
    query: { journeyId?: string; customerId?: string; status?: string; limit: number; cursor?: string },
  ) {
    return this.instances.list(workspaceId, query);
  }

  async get(
    workspaceId: string,
    instanceId: string,
  ): Promise<{ record: InstanceRecord; trace: StoredTraceEntry[] }> {
    const record = await this.instances.get(workspaceId, instanceId);
    if (!record)
      throw notFound('instance_not_found', `No instance with id "${instanceId}" in this workspace`);
    return { record, trace: await this.instances.traceOf(workspaceId, instanceId) };
  }

  customerTrace(workspaceId: string, customerId: string) {
    return this.instances.traceOfCustomer(workspaceId, customerId);
  }
}
