import type { DeliveryStatusMessage } from '@kalcifer/contracts';

/** Tells the orchestrator how a send ended (idempotent: one message id per send key and status). */
export interface DeliveryStatusPublisher {
  publish(status: DeliveryStatusMessage): Promise<void>;
}

export const DELIVERY_STATUS_PUBLISHER = Symbol('DeliveryStatusPublisher');
