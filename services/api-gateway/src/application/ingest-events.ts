import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { subjects, type CustomerEventBatchMessage, type CustomerEventMessage } from '@kalcifer/contracts';
import { batchMsgId, type OutgoingMessage } from '@kalcifer/platform';
import { EVENT_PUBLISHER, type EventPublisher } from '../ports/event-publisher.port';
import { GATEWAY_METRICS, type GatewayMetrics } from '../ports/gateway-metrics.port';
import type { Principal } from './principal';

export interface CustomerEventInput {
  customerId: string;
  name: string;
  properties?: Record<string, unknown>;
  /** Epoch milliseconds; when the event happened (defaults to when it was received). */
  timestamp?: number;
  /** Client-chosen id: a retry with the same id moves nobody twice (see CustomerEventBatchMessage). */
  id?: string;
}

/**
 * Events of one request travel in messages of this many: the bus and the orchestrator's consumer
 * pay one publish, store, delivery and ack per batch, not per event.
 */
export const EVENTS_PER_MESSAGE = 100;

/**
 * Customer events in, JetStream out. The hot path of the product (>= 5,000 events/s on 2 cores):
 * no gRPC and no database per event; the only await is for the stream's publish acks, all at once.
 */
@Injectable()
export class IngestEvents {
  constructor(
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
  ) {}

  async one(principal: Principal, event: CustomerEventInput): Promise<{ id: string }> {
    const [id] = await this.execute(principal, [event]);
    return { id: id };
  }

  async batch(
    principal: Principal,
    events: CustomerEventInput[],
  ): Promise<{ accepted: number; ids: string[] }> {
    const ids = await this.execute(principal, events);
    return { accepted: ids.length, ids };
  }

  async execute(principal: Principal, events: CustomerEventInput[]): Promise<string[]> {
    const { workspaceId } = principal;
    const subject = subjects.events(workspaceId);
    const receivedAt = Date.now();
    const ids: string[] = new Array<string>(events.length);
    const bodies: CustomerEventMessage[] = new Array<CustomerEventMessage>(events.length);
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const id = event.id ?? randomUUID();
      bodies[i] = {
        workspaceId,
        customerId: event.customerId,
        event: {
          id,
          name: event.name,
          properties: event.properties ?? {},
          timestamp: event.timestamp ?? receivedAt,
        },
        receivedAt,
      };
      ids[i] = id;
    }
    const messages: OutgoingMessage[] = [];
    const [only] = bodies;
    if (only && bodies.length === 1) {
      // A lone event keeps its own msg id: a retry of it is dropped by JetStream itself.
      messages.push({ subject, msgId: `event:${workspaceId}:${only.event.id}`, body: only });
    } else {
      for (let i = 0; i < bodies.length; i += EVENTS_PER_MESSAGE) {
        const chunk = bodies.slice(i, i + EVENTS_PER_MESSAGE);
        const body: CustomerEventBatchMessage = { workspaceId, events: chunk };
        messages.push({
          subject,
          msgId: batchMsgId(
            'event-batch',
            workspaceId,
            chunk.map((b) => b.event.id),
          ),
          body,
        });
      }
    }
    await this.publisher.publish(messages, events.length);
    this.metrics.eventsAccepted(events.length);
    return ids;
  }
}
