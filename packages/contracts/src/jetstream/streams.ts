/**
 * JetStream streams and subjects. Every subject carries the workspace id as its second token:
 * `kalcifer.<workspaceId>.<kind>...`. Request/reply subjects must never fall under these
 * (a request on a stream subject is answered by JetStream with a publish ack).
 */

export interface StreamDefinition {
  name: string;
  subjects: string[];
  /** How long JetStream remembers message ids for deduplication (ms). */
  duplicateWindowMs: number;
  /** How long messages are kept (ms); absent: until deleted. */
  maxAgeMs?: number;
}

const DAY = 24 * 60 * 60 * 1000;

export const STREAMS = {
  /** Customer events ingested by the gateway. */
  events: { name: 'KALCIFER_EVENTS', subjects: ['kalcifer.*.events'], duplicateWindowMs: DAY },
  /** Everything that moves an instance: entries, fired timers, delivery statuses, commands. */
  signals: { name: 'KALCIFER_SIGNALS', subjects: ['kalcifer.*.signals.>'], duplicateWindowMs: DAY },
  /** Timer schedule/cancel requests from the orchestrator to the scheduler. */
  timers: { name: 'KALCIFER_TIMERS', subjects: ['kalcifer.*.timers.>'], duplicateWindowMs: DAY },
  /** Send intents from the orchestrator to the channel workers. */
  sends: { name: 'KALCIFER_SENDS', subjects: ['kalcifer.*.sends.>'], duplicateWindowMs: DAY },
  /** What happened in journeys (one message per instance step): live stream, outbound webhooks. */
  journal: {
    name: 'KALCIFER_JOURNAL',
    subjects: ['kalcifer.*.journal.>'],
    duplicateWindowMs: DAY,
    maxAgeMs: 7 * DAY,
  },
} as const satisfies Record<string, StreamDefinition>;

export const subjects = {
  events: (workspaceId: string) => `kalcifer.${workspaceId}.events`,
  enroll: (workspaceId: string) => `kalcifer.${workspaceId}.signals.enroll`,
  timerFired: (workspaceId: string) => `kalcifer.${workspaceId}.signals.timer`,
  deliveryStatus: (workspaceId: string) => `kalcifer.${workspaceId}.signals.delivery`,
  instanceCommand: (workspaceId: string) => `kalcifer.${workspaceId}.signals.command`,
  customerChanged: (workspaceId: string) => `kalcifer.${workspaceId}.signals.customer`,
  timerSchedule: (workspaceId: string) => `kalcifer.${workspaceId}.timers.schedule`,
  timerCancel: (workspaceId: string) => `kalcifer.${workspaceId}.timers.cancel`,
  /** Many schedule and cancel requests in one message (`TimerRequestBatchMessage`). */
  timerBatch: (workspaceId: string) => `kalcifer.${workspaceId}.timers.batch`,
  sendEmail: (workspaceId: string) => `kalcifer.${workspaceId}.sends.email`,
  /** Send intents of any channel: `kalcifer.<ws>.sends.<channel>` (email = sendEmail). */
  send: (workspaceId: string, channel: string) => `kalcifer.${workspaceId}.sends.${channel}`,
} as const;

/** Filters for consumers (all workspaces). */
export const subjectFilters = {
  events: 'kalcifer.*.events',
  enroll: 'kalcifer.*.signals.enroll',
  timerFired: 'kalcifer.*.signals.timer',
  deliveryStatus: 'kalcifer.*.signals.delivery',
  instanceCommand: 'kalcifer.*.signals.command',
  customerChanged: 'kalcifer.*.signals.customer',
  timers: 'kalcifer.*.timers.>',
  sendEmail: 'kalcifer.*.sends.email',
  /** Every channel's send intents (the channel worker's consumer). */
  sends: 'kalcifer.*.sends.>',
} as const;
