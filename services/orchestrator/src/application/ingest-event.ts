import { evaluateExpression, isTruthy, type CustomerEvent } from '@kalcifer/journey';
import type { CustomerEventMessage } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import type { InstanceStore } from '../ports/instance-store';
import type { OpenInstanceIndex } from '../ports/open-instance-index';
import type { ApplySignal } from './apply-signal';
import type { EnrollCustomer } from './enroll-customer';
import type { JourneyCatalog } from './journey-catalog';

/**
 * A customer event: delivered to each of the customer's open instances (waits, goals, exit
 * criteria), then used to start the journeys that enter on it.
 */
export class IngestEvent {
  constructor(
    private readonly instances: InstanceStore,
    private readonly openIndex: OpenInstanceIndex,
    private readonly catalog: JourneyCatalog,
    private readonly applySignal: ApplySignal,
    private readonly enroll: EnrollCustomer,
    private readonly logger: Logger,
  ) {}

  async execute(msg: CustomerEventMessage): Promise<void> {
    const { workspaceId, customerId } = msg;
    const event: CustomerEvent = msg.event;
    const signalId = `event:${event.id}`;
    const open =
      (await this.openIndex.candidates(workspaceId, customerId)) ??
      (await this.instances.findOpenForCustomer(workspaceId, customerId));
    await Promise.all(
      open.map((id) => this.applySignal.execute(workspaceId, id, { kind: 'event', id: signalId, event })),
    );

    for (const point of await this.catalog.eventEntries(workspaceId, event.name)) {
      const filter = point.node.config.filter;
      if (typeof filter === 'string' && filter.trim() !== '') {
        let pass = false;
        try {
          pass = isTruthy(
            evaluateExpression(filter, { event: { name: event.name, properties: event.properties } }),
          );
        } catch (err) {
          this.logger.warn(
            { err, journeyId: point.journey.id, nodeId: point.node.id },
            'event entry filter failed',
          );
        }
        if (!pass) continue;
      }
      await this.enroll.execute({
        workspaceId,
        journeyId: point.journey.id,
        customerId,
        entryKey: `event:${event.id}`,
        entryNodeId: point.node.id,
        context: {
          ...event.properties,
          event: { id: event.id, name: event.name, timestamp: event.timestamp },
        },
        alreadyProcessed: [signalId],
      });
    }
  }
}
