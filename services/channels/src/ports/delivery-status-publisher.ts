import type { CustomerEventMessage, DeliveryStatusMessage } from '@kalcifer/contracts';

/** Tells the orchestrator how a send went (idempotent: one message id per send key and status). */
export interface DeliveryStatusPublisher {
  publish(status: DeliveryStatusMessage): Promise<void>;
  /** A customer event (`email.opened`, `sms.delivered`) on the events stream, for wait_for_event. */
  publishEvent(event: CustomerEventMessage): Promise<void>;
}

export const DELIVERY_STATUS_PUBLISHER = Symbol('DeliveryStatusPublisher');
