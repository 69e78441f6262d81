import type { DeliveryStatus } from '@kalcifer/contracts';

/**
 * One provider report about one of our sends. `complained` (a recipient marked the email as
 * spam) is no delivery status of the instance: it only becomes the customer event
 * `email.complained`, which journeys can react to.
 */
export interface StatusReport {
  status: DeliveryStatus | 'complained';
  sendKey?: string;
  providerMessageId?: string;
  at: number;
  detail?: string;
}
