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
