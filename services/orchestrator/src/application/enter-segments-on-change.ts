import type { CustomerChangedMessage } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import type { CustomerStore } from '../ports/customer-store';
import type { EnrollCustomer } from './enroll-customer';
import type { JourneyCatalog } from './journey-catalog';
import type { SegmentMembership } from './segment-membership';

/**
 * A profile changed: a customer who is now in the segment of an active `segment_entry` enters
 * (subject to the node's re-entry policy). The entry key names the change, so a redelivered
 * change enters nobody twice.
 */
export class EnterSegmentsOnChange {
  constructor(
    private readonly customers: CustomerStore,
    private readonly catalog: JourneyCatalog,
    private readonly segments: SegmentMembership,
    private readonly enroll: EnrollCustomer,
    private readonly logger: Logger,
  ) {}

  async execute(m: CustomerChangedMessage): Promise<void> {
    const points = await this.catalog.entryPoints(m.workspaceId, 'segment_entry');
    if (points.length === 0) return;
    const customer = await this.customers.get(m.workspaceId, m.customerId);
    if (!customer) return;
    const now = Date.now();
    for (const { journey, node } of points) {
      let member = false;
      try {
        member = await this.segments.isMember(m.workspaceId, node, m.customerId, customer.attributes, now);
      } catch (err) {
        this.logger.warn({ err, journeyId: journey.id, nodeId: node.id }, 'segment evaluation failed');
      }
      if (!member) continue;
      await this.enroll.execute({
        workspaceId: m.workspaceId,
        journeyId: journey.id,
        customerId: m.customerId,
        entryKey: `segment_entry:${node.id}:change:${m.changeId}`,
        entryNodeId: node.id,
        context: { trigger: { kind: 'segment_entry', nodeId: node.id, changeId: m.changeId } },
      });
    }
  }
}
