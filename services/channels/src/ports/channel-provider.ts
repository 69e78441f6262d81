/**
 * The provider port: one adapter per provider (SMTP, SendGrid, SES, Twilio, MessageBird, FCM,
 * APNs, HTTP webhook), each for the message kind of its channel.
 */

export type Channel = 'email' | 'sms' | 'push' | 'whatsapp' | 'webhook';
export const CHANNELS: readonly Channel[] = ['email', 'sms', 'push', 'whatsapp', 'webhook'];

interface MessageBase {
  /** The exactly-once key of the send; adapters pass it on as an idempotency key or header. */
  sendKey: string;
  /** Where the provider should report delivery statuses (our gateway's webhook), when it can. */
  statusCallbackUrl?: string;
}

export interface EmailMessage extends MessageBase {
  channel: 'email';
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** SMS and WhatsApp: `to` in E.164 (`+33612345678`); adapters add the `whatsapp:` prefix. */
export interface TextMessage extends MessageBase {
  channel: 'sms' | 'whatsapp';
  to: string;
  /** Sender number or alphanumeric id; else the provider settings' default. */
  from?: string;
  body: string;
  /** WhatsApp through Twilio: an approved Content template (`HX...`) instead of a free body. */
  contentSid?: string;
  contentVariables?: Record<string, string>;
}

export interface PushMessage extends MessageBase {
  channel: 'push';
  /** The device registration token (FCM) or device token (APNs). */
  to: string;
  title: string;
  body: string;
  data: Record<string, string>;
}

export interface WebhookMessage extends MessageBase {
  channel: 'webhook';
  /** Also the ledger's `to`. */
  to: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  /** The request body (JSON text). */
  body: string;
  timeoutMs: number;
}

export type OutboundMessage = EmailMessage | TextMessage | PushMessage | WebhookMessage;

export interface ProviderAcceptance {
  /** The provider's id for the accepted message (SMTP: queue id; SendGrid: X-Message-Id; Twilio: SID). */
  providerMessageId: string;
}

export type LookupResult = { found: true; providerMessageId: string } | { found: false };

/**
 * What a failed provider call means for the send:
 * - `retryable`: the provider did not take the message (refused connection, 429, 5xx before
 *   acceptance, timeout with an idempotency key); trying again cannot duplicate it.
 * - `permanent`: it never will (4xx, invalid address or number); fail at once.
 * - `ambiguous`: the call broke after the message may have reached the provider (connection
 *   lost mid-call, deadline passed) and the provider has no idempotency key; handled like a
 *   crash during the call.
 */
export type ProviderFailureKind = 'retryable' | 'permanent' | 'ambiguous';

export class ProviderError extends Error {
  override name = 'ProviderError';
  /**
   * Set when the provider said the recipient address itself is dead (FCM `UNREGISTERED`, APNs
   * 410 `Unregistered`): the reason code. Later sends to that address are skipped.
   */
  readonly recipientInvalid?: string;

  constructor(
    public readonly kind: ProviderFailureKind,
    message: string,
    options?: { cause?: unknown; recipientInvalid?: string | undefined },
  ) {
    super(message, options);
    if (options?.recipientInvalid) this.recipientInvalid = options.recipientInvalid;
  }
}

/** Kept for the SMTP adapter and older tests. */
export { ProviderError as EmailProviderError };

export interface ChannelProvider {
  /** Short name for metrics, logs and the ledger (`smtp`, `sendgrid`, `twilio`...). */
  readonly name: string;
  /**
   * The provider deduplicates by the send key (e.g. an `Idempotency-Key` header honoured by the
   * receiver): a call whose outcome is unknown may be repeated safely.
   */
  readonly idempotent?: boolean;
  /** Sends one message; rejects with a ProviderError. */
  send(message: OutboundMessage): Promise<ProviderAcceptance>;
  /**
   * Optional capability: whether the provider already holds the message of this send key.
   * Without it (and without idempotency), a send interrupted by a crash is marked `unknown`.
   */
  lookup?(sendKey: string): Promise<LookupResult>;
  /** Readiness: the provider answers. */
  verify?(): Promise<boolean>;
  close?(): Promise<void>;
}

/** For an adapter handed a message of another channel: a wiring bug, never retried. */
export function wrongChannel(provider: string, message: OutboundMessage): ProviderError {
  return new ProviderError('permanent', `${provider} cannot send ${message.channel} messages`);
}

export type EmailProvider = ChannelProvider;
export const EMAIL_PROVIDER = Symbol('EmailProvider');
