/**
 * The email provider port. SMTP is the first adapter; an HTTP API provider (with a real
 * idempotency key) would be another.
 */

export interface EmailMessage {
  /** The exactly-once key of the send; adapters pass it on as an idempotency key or header. */
  sendKey: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface ProviderAcceptance {
  /** The provider's id for the accepted message (SMTP: the queue id of the 250 reply). */
  providerMessageId: string;
}

export type LookupResult = { found: true; providerMessageId: string } | { found: false };

/**
 * What a failed provider call means for the send:
 * - `retryable`: the provider did not take the message (refused connection, 4xx reply,
 *   timeout before the message was transmitted); trying again cannot duplicate it.
 * - `permanent`: it never will (5xx reply, invalid address); fail at once.
 * - `ambiguous`: the call broke after the message may have reached the provider (connection
 *   lost mid-transaction, deadline passed); handled like a crash during the call.
 */
export type ProviderFailureKind = 'retryable' | 'permanent' | 'ambiguous';

export class EmailProviderError extends Error {
  override name = 'EmailProviderError';
  constructor(
    public readonly kind: ProviderFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface EmailProvider {
  /** Short name for metrics and logs (`smtp`). */
  readonly name: string;
  /** Sends one message; rejects with an EmailProviderError. */
  send(message: EmailMessage): Promise<ProviderAcceptance>;
  /**
   * Optional capability: whether the provider already holds the message of this send key.
   * Without it, a send interrupted by a crash cannot be resolved and is marked `unknown`.
   */
  lookup?(sendKey: string): Promise<LookupResult>;
  /** Readiness: the provider answers. */
  verify(): Promise<boolean>;
  close(): Promise<void>;
}

export const EMAIL_PROVIDER = Symbol('EmailProvider');
