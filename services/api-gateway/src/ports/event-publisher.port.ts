import type { OutgoingMessage } from '@kalcifer/platform';

/**
 * Publishes to JetStream and resolves once every message is acknowledged by its stream (so an
 * accepted request is never lost). Rejects with an `unavailable` AppError when the bus is down.
 */
export interface EventPublisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
}
export const EVENT_PUBLISHER = Symbol('EventPublisher');
