import type { JetStreamClient } from '@nats-io/jetstream';
import {
  deliveryStatusMsgId,
  subjects,
  type CustomerEventMessage,
  type DeliveryStatusMessage,
} from '@kalcifer/contracts';
import { publishJson } from '@kalcifer/platform';
import type { DeliveryStatusPublisher } from '../ports/delivery-status-publisher';

/** Publishes to the signals stream with msg id `delivery:<sendKey>:<status>` (JetStream drops repeats). */
export class NatsDeliveryStatusPublisher implements DeliveryStatusPublisher {
  constructor(private readonly js: JetStreamClient) {}

  async publish(status: DeliveryStatusMessage): Promise<void> {
    await publishJson(this.js, {
      subject: subjects.deliveryStatus(status.workspaceId),
      msgId: deliveryStatusMsgId(status),
      body: status,
    });
  }

  /** Msg id `event:<workspaceId>:<event.id>`, as the gateway publishes events. */
  async publishEvent(event: CustomerEventMessage): Promise<void> {
    await publishJson(this.js, {
      subject: subjects.events(event.workspaceId),
      msgId: `event:${event.workspaceId}:${event.event.id}`,
      body: event,
    });
  }
}
