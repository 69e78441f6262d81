/**
 * The journey journal: what happened to customers in journeys, for the live stream
 * (`GET /v1/stream`) and outbound webhooks. One message per step of an instance (not per node),
 * published through the orchestrator's outbox, so an event is never lost when a process dies.
 */

/** Subject: `kalcifer.<workspaceId>.journal.<journeyId>`. */
export const journalSubject = (workspaceId: string, journeyId: string) =>
  `kalcifer.${workspaceId}.journal.${journeyId}`;

/** Every journal subject of one workspace (its live stream). */
export const workspaceJournalFilter = (workspaceId: string) => `kalcifer.${workspaceId}.journal.>`;

/** Every journal subject of every workspace (outbound webhook delivery). */
export const journalFilter = 'kalcifer.*.journal.>';

export const JOURNEY_EVENT_TYPES = [
  'journey.entered',
  'node.entered',
  'node.exited',
  'goal.reached',
  'message.requested',
  'message.status',
  'journey.completed',
  'journey.exited',
  'journey.failed',
  'instance.migrated',
] as const;

export type JourneyEventType = (typeof JOURNEY_EVENT_TYPES)[number];

export interface JourneyEvent {
  type: JourneyEventType;
  /** Epoch ms. */
  at: number;
  nodeId?: string;
  tokenId?: string;
  message?: string;
  /** e.g. `{output}` (node.exited), `{sendKey, channel}`, `{sendKey, status, detail}`, `{fromVersion, toVersion}`. */
  data?: Record<string, unknown>;
}

/**
 * Subject: journalSubject(workspaceId, journeyId). Msg id: `journal:<instanceId>:<hash of the
 * events>`, fixed when the step is written to the outbox, so a re-publish is a duplicate.
 */
export interface JournalMessage {
  workspaceId: string;
  journeyId: string;
  version: number;
  instanceId: string;
  customerId: string;
  /** What happened in this step, in order. Never empty. */
  events: JourneyEvent[];
}

/**
 * Alerts (services/analytics) share the journal so that they reach the outbound webhooks and the
 * live stream like journey events: one message per change of a rule's state, on `alertSubject`.
 */
export const ALERT_EVENT_TYPES = ['alert.fired', 'alert.resolved'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** Every event type of the journal: journey events and alerts (webhook and stream filters). */
export const JOURNAL_EVENT_TYPES = [...JOURNEY_EVENT_TYPES, ...ALERT_EVENT_TYPES] as const;
export type JournalEventType = (typeof JOURNAL_EVENT_TYPES)[number];

/** The last token of the alert subject: not a journey id (those never start with `_`). */
export const ALERTS_TOKEN = '_alerts';

/** Subject of a workspace's alerts: `kalcifer.<workspaceId>.journal._alerts`. */
export const alertSubject = (workspaceId: string) => `kalcifer.${workspaceId}.journal.${ALERTS_TOKEN}`;

export const ALERT_RULE_KINDS = ['failure_rate', 'delivery_rate', 'no_entries'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** What an alert event says: the rule, what was measured, against what, over which window. */
/** A type, not an interface: a Record<string, unknown> like JourneyEvent.data. */
export type AlertEventData = {
  ruleId: string;
  ruleName: string;
  kind: AlertRuleKind;
  /** The rule's scope: absent parts are not narrowed. */
  journeyId?: string;
  nodeId?: string;
  channel?: string;
  /** Percent (failure_rate, delivery_rate) or entries counted (no_entries). */
  value: number;
  /** Percent; 0 for no_entries (it fires at no entry at all). */
  threshold: number;
  /** The measured population: sends with an outcome, sends sent, or entries. */
  samples: number;
  windowMs: number;
  /** Epoch ms of the window's start and end. */
  windowStart: number;
  windowEnd: number;
};

export interface AlertEvent {
  type: AlertEventType;
  /** Epoch ms. */
  at: number;
  /** The rule's node, when it watches one. */
  nodeId?: string;
  tokenId?: undefined;
  message: string;
  data: AlertEventData;
}

/**
 * Subject: alertSubject(workspaceId). Msg id: `alert:<ruleId>:<state version>`, one per change
 * of the rule's state, so a notification re-published after a crash (or by a second replica) is
 * stored once. `journeyId` is the rule's journey, `''` for a rule over the whole workspace.
 */
export interface AlertMessage {
  workspaceId: string;
  journeyId: string;
  /** Not a step of an instance: 0 and empty, so that readers of journal messages read it too. */
  version: 0;
  instanceId: '';
  customerId: '';
  events: [AlertEvent];
}

/** A message of the journal stream: a step of an instance, or an alert. */
export type JournalStreamMessage = JournalMessage | AlertMessage;

export function isAlertMessage(message: JournalStreamMessage): message is AlertMessage {
  return message.events[0]?.type.startsWith('alert.') === true;
}
