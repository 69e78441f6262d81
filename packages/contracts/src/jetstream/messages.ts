/**
 * JetStream message bodies (JSON). Each names the header `Nats-Msg-Id` it is published with, so
 * that a re-publish (retry, outbox recovery) is dropped by JetStream as a duplicate.
 * Times are epoch milliseconds.
 */

/** Subject: subjects.events. Msg id: `event:<workspaceId>:<event.id>`. */
export interface CustomerEventMessage {
  workspaceId: string;
  customerId: string;
  event: {
    id: string;
    name: string;
    properties: Record<string, unknown>;
    timestamp: number;
  };
  /** When the gateway accepted it. */
  receivedAt: number;
}

/** Subject: subjects.enroll. Msg id: `enroll:<workspaceId>:<enrollmentId>`. */
export interface EnrollMessage {
  workspaceId: string;
  journeyId: string;
  customerId: string;
  enrollmentId: string;
  context: Record<string, unknown>;
  /** Profile attributes to merge into the customer before entering (optional). */
  attributes?: Record<string, unknown>;
  /** The entry node (webhook_entry); absent: the journey's manual_entry. */
  entryNodeId?: string;
  acceptedAt: number;
}

/**
 * Subject: subjects.events (beside single `CustomerEventMessage`s; told apart by `events`). The
 * events of one API request, many to a message: one publish per batch instead of one per event.
 * Msg id: `event-batch:<workspaceId>:<digest of the event ids>`. Each event stays idempotent on
 * its own: an instance records the signal `event:<id>` it has seen, and an event entry's instance
 * id derives from the event id, so the same event in another batch (a client retry) moves nobody
 * twice and enters nobody twice.
 */
export interface CustomerEventBatchMessage {
  workspaceId: string;
  events: CustomerEventMessage[];
}

/** One enrollment of an `EnrollBatchMessage`. */
export interface EnrollBatchItem {
  customerId: string;
  enrollmentId: string;
  context: Record<string, unknown>;
  attributes?: Record<string, unknown>;
}

/**
 * Subject: subjects.enroll (beside single `EnrollMessage`s; told apart by `enrollments`). Many
 * enrollments into one journey in one message, so a bulk API request costs the bus one publish
 * per batch instead of one per customer. Msg id: `enroll-batch:<workspaceId>:<digest of the
 * enrollment ids>`. Each enrollment stays idempotent on its own: its instance id derives from its
 * enrollment id, so the same enrollment in another batch (a client retry) enters nobody twice.
 */
export interface EnrollBatchMessage {
  workspaceId: string;
  journeyId: string;
  enrollments: EnrollBatchItem[];
  acceptedAt: number;
}

/** Subject: subjects.timerSchedule. Msg id: the effect id. */
export interface TimerScheduleMessage {
  workspaceId: string;
  timerId: string;
  instanceId: string;
  tokenId: string;
  nodeId: string;
  dueAt: number;
  /**
   * The W3C traceparent of the step that set the timer: stored with it, so that its fire (maybe
   * days later) continues that trace. Absent when the step ran outside any trace.
   */
  traceparent?: string;
}

/** Subject: subjects.timerCancel. Msg id: the effect id. */
export interface TimerCancelMessage {
  workspaceId: string;
  timerId: string;
  instanceId: string;
}

/**
 * Subject: subjects.timerBatch. The timer requests of many instances that were published at the
 * same moment, in one message (one JetStream publish, store and ack instead of one per timer).
 * Msg id: `timer-batch:<workspaceId>:<digest of the requests' own msg ids>`. A request may arrive
 * again in another batch (an outbox re-published after a crash): the scheduler treats every
 * request idempotently by timer id, as it does single ones.
 */
export interface TimerRequestBatchMessage {
  workspaceId: string;
  schedule: TimerScheduleMessage[];
  cancel: TimerCancelMessage[];
}

/** Subject: subjects.timerFired. Msg id: `timer:<timerId>`. */
export interface TimerFiredMessage {
  workspaceId: string;
  timerId: string;
  instanceId: string;
  dueAt: number;
  firedAt: number;
}

/** The channels a send intent can take. */
export type SendChannel = 'email' | 'sms' | 'push' | 'whatsapp' | 'webhook';

/**
 * Subject: subjects.send(workspaceId, channel) (`subjects.sendEmail` for email). Msg id:
 * `send:<sendKey>`. The channel worker consumes every `kalcifer.*.sends.>` subject.
 */
export interface SendIntentMessage {
  workspaceId: string;
  sendKey: string;
  instanceId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  customerId: string;
  channel: SendChannel;
  /** The node's config as published (template, subject, body, from...). */
  config: Record<string, unknown>;
  /** Customer attributes at the time of the step (email address, names, ...). */
  customer: Record<string, unknown>;
  /** The instance's entry context (for templates). */
  context: Record<string, unknown>;
  requestedAt: number;
}

/**
 * How a send went. `sent`, `failed`, `unknown` end the worker's part (one of them per send);
 * `delivered`, `opened`, `clicked`, `bounced` (and a late `failed`) come later from the
 * provider's delivery webhooks; `capped`: a frequency cap skipped the send; `delayed`: a
 * frequency cap holds it until `retryAt` (not final: `sent` or another status follows).
 */
export type DeliveryStatus =
  'sent' | 'delivered' | 'opened' | 'clicked' | 'bounced' | 'failed' | 'unknown' | 'capped' | 'delayed';

/**
 * Subject: subjects.deliveryStatus. Msg id: `delivery:<sendKey>:<status>` (`delayed`:
 * `delivery:<sendKey>:delayed:<retryAt>`, one per postponement). For every provider
 * status after `sent`, a CustomerEventMessage named `<channel>.<status>` (`email.opened`,
 * `sms.delivered`) is published too, with properties `{ sendKey, nodeId, journeyId, instanceId }`
 * and msg id `event:<workspaceId>:delivery-<sendKey>-<status>`.
 */
export interface DeliveryStatusMessage {
  workspaceId: string;
  sendKey: string;
  instanceId: string;
  nodeId: string;
  status: DeliveryStatus;
  /** The channel of the send (absent in messages from before channels were widened). */
  channel?: SendChannel;
  detail?: string;
  providerMessageId?: string;
  /** `delayed`: when the send is tried again (epoch ms). */
  retryAt?: number;
  /** `capped` / `delayed`: the workspace rule that decided (its index in the policy's rules). */
  capRule?: { index: number; channel: string; limit: number; window: string };
  at: number;
}

/** The message id of a delivery status: one per send and status, one per postponement. */
export function deliveryStatusMsgId(
  status: Pick<DeliveryStatusMessage, 'sendKey' | 'status' | 'retryAt'>,
): string {
  const base = `delivery:${status.sendKey}:${status.status}`;
  return status.status === 'delayed' && status.retryAt !== undefined ? `${base}:${status.retryAt}` : base;
}

/** Subject: subjects.instanceCommand. Msg id: `command:<commandId>`. */
export interface InstanceCommandMessage {
  workspaceId: string;
  instanceId: string;
  commandId: string;
  action: 'pause' | 'resume' | 'exit';
  reason?: string;
}

/** Subject: subjects.customerChanged. Msg id: `customer:<workspaceId>:<customerId>:<changeId>`. */
export interface CustomerChangedMessage {
  workspaceId: string;
  customerId: string;
  changeId: string;
}

/**
 * Subject: subjects.customerChanged (told apart from a single announcement by `changes`). The
 * announcements made at the same moment, in one message. Msg id: `customer-batch:<workspaceId>:
 * <digest of the announcements' msg ids>`; each announcement is handled idempotently on its own.
 */
export interface CustomerChangedBatchMessage {
  workspaceId: string;
  changes: CustomerChangedMessage[];
}
