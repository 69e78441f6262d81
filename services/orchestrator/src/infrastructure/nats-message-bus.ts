import type { JetStreamClient } from '@nats-io/jetstream';
import { publishAll, type OutgoingMessage } from '@kalcifer/platform';
import type { MessageBus } from '../ports/message-bus';
import type { PromJourneyMetrics } from './prom-journey-metrics';

export class NatsMessageBus implements MessageBus {
  constructor(
    private readonly js: JetStreamClient,
    private readonly metrics?: PromJourneyMetrics,
  ) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await publishAll(this.js, messages);
    this.metrics?.count(messages);
  }
}
