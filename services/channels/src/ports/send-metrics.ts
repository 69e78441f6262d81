import type { FinalDeliveryState } from './delivery-ledger';

export type ProviderCallOutcome = 'accepted' | 'retryable' | 'permanent' | 'ambiguous';
export type InterruptedSendResolution = 'confirmed_sent' | 'resent' | 'unknown';

export interface SendMetrics {
  /** A send reached a final state (counted once per send, not per re-published status). */
  finished(channel: string, status: FinalDeliveryState): void;
  providerCall(provider: string, outcome: ProviderCallOutcome, seconds: number): void;
  interruptedSendResolved(resolution: InterruptedSendResolution): void;
}

export const SEND_METRICS = Symbol('SendMetrics');
