import { notFound } from '@kalcifer/platform';
import type { InstanceRecord, InstanceStore, StoredTraceEntry } from '../ports/instance-store';
import type { OpenInstanceCount } from '../ports/open-instance-count';
import { explainTrace, nextSteps, type ExplainedEntry, type NextStep } from './explain-trace';

/** Where a journey's customers are now (FR-10.1). */
export interface JourneyOccupancy {
  /** Open instances per version number. */
  perVersion: Record<string, number>;
  /** One row per version and occupied node, ordered by version, then node id. */
  nodes: Array<{ version: number; nodeId: string; customers: number }>;
}

export class QueryInstances {
  constructor(
    private readonly instances: InstanceStore,
    private readonly openCount: OpenInstanceCount,
  ) {}

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

  /** Open instances of the workspace, up to `atMost` (0: all). */
  countOpen(workspaceId: string, atMost: number): Promise<number> {
    return this.openCount.count(workspaceId, atMost > 0 ? atMost : undefined);
  }

  /** Customers at each node of each version, counted by the store (the caller checks the journey). */
  async occupancy(workspaceId: string, journeyId: string): Promise<JourneyOccupancy> {
    const { perVersion, nodes } = await this.instances.occupancy(workspaceId, journeyId);
    const rows = [...nodes].flatMap(([version, counts]) =>
      [...counts].map(([nodeId, customers]) => ({ version, nodeId, customers })),
    );
    rows.sort((a, b) => a.version - b.version || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    return { perVersion, nodes: rows };
  }

  /**
   * Everything that happened to the customer, each entry with why, and what happens next in each
   * open instance (read from the instances themselves: a migration may have moved a timer).
   */
  async customerTrace(
    workspaceId: string,
    customerId: string,
  ): Promise<{ entries: ExplainedEntry[]; next: NextStep[] }> {
    const [entries, openIds] = await Promise.all([
      this.instances.traceOfCustomer(workspaceId, customerId),
      this.instances.findOpenForCustomer(workspaceId, customerId),
    ]);
    const open = await Promise.all(openIds.map((id) => this.instances.get(workspaceId, id)));
    return {
      entries: explainTrace(entries),
      next: nextSteps(open.flatMap((record) => (record === null ? [] : [record.state]))),
    };
  }
}
