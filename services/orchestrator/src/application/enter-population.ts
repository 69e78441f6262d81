import { meetsScheduleCriteria, type JourneyNode } from '@kalcifer/journey';
import type { PopulationTickMessage } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import type { CustomerStore } from '../ports/customer-store';
import type { EnrollCustomer } from './enroll-customer';
import type { JourneyCatalog } from './journey-catalog';
import type { SegmentMembership } from './segment-membership';

const PAGE = 500;

/**
 * One population tick (a cron firing of `scheduled_entry`, a periodic `segment_entry`
 * evaluation): every customer of the workspace who meets the node's criteria enters. Entry keys
 * name the tick, so a redelivered or duplicated tick never enters anyone twice.
 */
export class EnterPopulation {
  constructor(
    private readonly customers: CustomerStore,
    private readonly catalog: JourneyCatalog,
    private readonly segments: SegmentMembership,
    private readonly enroll: EnrollCustomer,
    private readonly logger: Logger,
  ) {}

  async execute(m: PopulationTickMessage): Promise<void> {
    const version = await this.catalog.version(m.workspaceId, m.journeyId, m.version);
    const node = version?.graph.nodes.find((n) => n.id === m.nodeId);
    if (!node) return;
    let after: string | undefined;
    let entered = 0;
    for (;;) {
      const page = await this.customers.listPage(m.workspaceId, after, PAGE);
      if (page.length === 0) break;
      for (const customer of page) {
        if (!(await this.qualifies(m, node, customer.customerId, customer.attributes))) continue;
        const outcome = await this.enroll.execute({
          workspaceId: m.workspaceId,
          journeyId: m.journeyId,
          customerId: customer.customerId,
          entryKey: `${m.kind}:${m.nodeId}:${m.tickAt}:${customer.customerId}`,
          entryNodeId: m.nodeId,
          context: { trigger: { kind: m.kind, nodeId: m.nodeId, at: new Date(m.tickAt).toISOString() } },
        });
        if (outcome === 'entered') entered++;
      }
      after = page[page.length - 1].customerId;
    }
    this.logger.info(
      { journeyId: m.journeyId, nodeId: m.nodeId, tickAt: m.tickAt, entered },
      'population tick',
    );
  }

  private async qualifies(
    m: PopulationTickMessage,
    node: JourneyNode,
    customerId: string,
    attributes: Record<string, unknown>,
  ): Promise<boolean> {
    if (m.kind === 'scheduled_entry') return meetsScheduleCriteria(node, attributes, m.tickAt);
    try {
      return await this.segments.isMember(m.workspaceId, node, customerId, attributes, m.tickAt);
    } catch (err) {
      this.logger.warn(
        { err, journeyId: m.journeyId, nodeId: m.nodeId, customerId },
        'segment evaluation failed',
      );
      return false;
    }
  }
}
