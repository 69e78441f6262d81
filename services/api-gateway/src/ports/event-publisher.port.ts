import type { OutgoingMessage } from '@kalcifer/platform';

/**
 * Publishes to JetStream and resolves once every message is acknowledged by its stream (so an
 * accepted request is never lost). Rejects with an `unavailable` AppError when the bus is down.
 */
export interface EventPublisher {
  /**
   * `units`: the accepted items the messages carry (events, enrollments), which is what the
   * backpressure limit counts; one per message when not given.
   */
  publish(messages: OutgoingMessage[], units?: number): Promise<void>;
  /**
   * Throws the 503 that `publish` would throw now whatever the request (the bus is down, or the
   * backpressure bound is reached), so that a request can be refused before its body is read.
   */
  assertAccepting(): void;
}
export const EVENT_PUBLISHER = Symbol('EventPublisher');
