import type { JournalEventType } from '@kalcifer/contracts';

/** Outbound webhooks (FR-11.3): what a workspace subscribed to, and every delivery with its attempts. */

export interface WebhookSubscription {
  id: string;
  workspaceId: string;
  url: string;
  /** Empty: every event type. */
  eventTypes: JournalEventType[];
  /** Only this journey's events, when set. */
  journeyId?: string;
  description?: string;
  enabled: boolean;
  /** The HMAC-SHA256 key, `whsec_...`: shown once, at creation or rotation. Sealed at rest. */
  secret: string;
  /** After a rotation: the secret before it, which also signs deliveries until the time below. */
  previousSecret?: string;
  previousSecretExpiresAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type SubscriptionChange = Partial<
  Pick<WebhookSubscription, 'url' | 'eventTypes' | 'description' | 'enabled'>
> & { journeyId?: string | null };

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  at: Date;
  durationMs: number;
  /** The receiver's HTTP status, when it answered. */
  httpStatus?: number;
  /** Why the attempt failed (network error, timeout, refused target, non-2xx). */
  error?: string;
}

export interface WebhookDelivery {
  /** `<subscriptionId>:<eventId>`: one delivery per subscription and journal event. */
  id: string;
  workspaceId: string;
  subscriptionId: string;
  /** The journal event id (its JetStream sequence), also sent as Kalcifer-Event-Id. */
  eventId: string;
  journeyId: string;
  instanceId: string;
  /** The exact JSON body sent on every attempt. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  log: DeliveryAttempt[];
  createdAt: Date;
  deliveredAt?: Date;
}

export interface WebhookStore {
  insertSubscription(subscription: WebhookSubscription): Promise<void>;
  listSubscriptions(workspaceId: string): Promise<WebhookSubscription[]>;
  getSubscription(workspaceId: string, id: string): Promise<WebhookSubscription | null>;
  updateSubscription(
    workspaceId: string,
    id: string,
    change: SubscriptionChange,
    now: Date,
  ): Promise<WebhookSubscription | null>;
  /** Sets a new secret, keeping the current one as `previousSecret` until `previousExpiresAt`. */
  rotateSecret(
    workspaceId: string,
    id: string,
    secret: string,
    previousExpiresAt: Date,
    now: Date,
  ): Promise<WebhookSubscription | null>;
  /** Removes the subscription and its delivery log; false when there was none. */
  deleteSubscription(workspaceId: string, id: string): Promise<boolean>;

  /** Inserts the deliveries that do not exist yet (a redelivered journal message adds nothing). */
  enqueue(deliveries: WebhookDelivery[]): Promise<void>;
  /**
   * Takes the most overdue pending delivery for `leaseMs` (another process takes it again only
   * after that, should this one die meanwhile); null when none is due.
   */
  claimDue(now: Date, leaseMs: number): Promise<{ delivery: WebhookDelivery; lease: Date } | null>;
  /** Records an attempt of a claimed delivery, unless its lease was lost; the new status and due time. */
  recordAttempt(
    delivery: WebhookDelivery,
    lease: Date,
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt: Date },
  ): Promise<void>;
  listDeliveries(
    workspaceId: string,
    subscriptionId: string,
    query: { status?: DeliveryStatus; limit: number; cursor?: string },
  ): Promise<{ items: WebhookDelivery[]; nextCursor?: string }>;
}

export const WEBHOOK_STORE = Symbol('WebhookStore');

/** Whether the workspace allows private, loopback and link-local targets (the webhook provider's setting). */
export interface TargetSettings {
  allowsPrivateTargets(workspaceId: string): Promise<boolean>;
  /** Drops what this process remembers (the setting changed). */
  forget(workspaceId: string): void;
}

export const TARGET_SETTINGS = Symbol('TargetSettings');
