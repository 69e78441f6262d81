import type { WorkspaceScoped } from '@kalcifer/platform';
import type { Channel } from './channel-provider';

/**
 * The exactly-once ledger: one record per send key, claimed before the provider is called.
 * `claimed` -> `sending` (provider call began) -> `sent` | `failed` | `unknown`, and
 * `sending` -> `claimed` again when a retryable error left the message untransmitted;
 * `claimed` -> `capped` when the workspace's frequency caps skip the send (never sent).
 */
export type DeliveryState = 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'capped';
export type FinalDeliveryState = Extract<DeliveryState, 'sent' | 'failed' | 'unknown' | 'capped'>;

export function isFinal(state: DeliveryState): state is FinalDeliveryState {
  return state === 'sent' || state === 'failed' || state === 'unknown' || state === 'capped';
}

export interface DeliveryRecord {
  sendKey: string;
  workspaceId: string;
  instanceId: string;
  journeyId: string;
  nodeId: string;
  customerId: string;
  channel: Channel;
  /** The adapter that takes the send (`smtp`, `sendgrid`, `twilio`...). */
  provider?: string;
  to: string;
  subject: string;
  status: DeliveryState;
  /** Provider calls begun so far. */
  attempts: number;
  providerMessageId?: string;
  /** The last provider error (kept after a successful retry, for the trace). */
  error?: string;
  /** Why the record reached its final state, as published in the delivery status. */
  detail?: string;
  /** While `sending`: until when the claim belongs to the worker calling the provider. */
  leaseExpiresAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDelivery = Omit<DeliveryRecord, 'status' | 'attempts' | 'createdAt' | 'updatedAt'>;

/** A delivery is addressed by workspace and send key, so an unscoped lookup does not compile. */
export type DeliveryKey = WorkspaceScoped<{ sendKey: string }>;

export interface DeliveryChange {
  status: DeliveryState;
  incrementAttempts?: boolean;
  providerMessageId?: string;
  error?: string;
  detail?: string;
  /** A date sets the lease, null removes it. */
  leaseExpiresAt?: Date | null;
}

export interface DeliveryLedger {
  /** Inserts the claim, or returns the record that already holds this send key. */
  claim(delivery: NewDelivery, now: Date): Promise<{ created: boolean; record: DeliveryRecord }>;
  get(key: DeliveryKey): Promise<DeliveryRecord | null>;
  /** The delivery a provider knows by its own message id (delivery webhooks). */
  findByProviderMessageId(workspaceId: string, providerMessageId: string): Promise<DeliveryRecord | null>;
  /** Remembers a status reported after `sent` (delivered, opened, bounced...). */
  recordProviderStatus(key: DeliveryKey, status: string, at: Date): Promise<void>;
  /**
   * Compare-and-set: applies `change` only if the record is in one of `from` (and, with
   * `leaseExpiredBy`, its lease is absent or expired at that time). Returns the updated
   * record, or null when another worker moved it first.
   */
  transition(
    key: DeliveryKey,
    from: DeliveryState[],
    change: DeliveryChange,
    now: Date,
    leaseExpiredBy?: Date,
  ): Promise<DeliveryRecord | null>;
}

export const DELIVERY_LEDGER = Symbol('DeliveryLedger');
