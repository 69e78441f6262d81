import type { JetStreamClient } from '@nats-io/jetstream';
import { publishAll, type OutgoingMessage } from '@kalcifer/platform';
import type { MessageBus } from '../ports/message-bus';

export class NatsMessageBus implements MessageBus {
  constructor(private readonly js: JetStreamClient) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length > 0) await publishAll(this.js, messages);
  }
}
