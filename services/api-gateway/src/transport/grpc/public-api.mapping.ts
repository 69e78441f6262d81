import type { publicApiGrpc as api } from '@kalcifer/contracts';
import type { JournalStreamEvent } from '../../application/stream-journal';
import type { PublishResultView } from '../../application/publish-version';
import type {
  InstanceView,
  JourneyVersionView,
  JourneyView,
  TraceEntryView,
} from '../../application/rest-views';

/**
 * Maps at the edge between proto messages and the gateway's inputs and views (the same ones REST
 * answers in JSON). Proto3 has no absent strings or numbers: '' and 0 become undefined on the way
 * in (so a required field says "is required"), nulls become '' and 0 on the way out.
 */

export const str = (s: string): string | undefined => (s === '' ? undefined : s);
export const num = (n: number): number | undefined => (n === 0 ? undefined : n);

/** A view to a Struct: plain JSON (no undefined, no class instances). */
const struct = (value: unknown): { [key: string]: unknown } | undefined =>
  value === null || value === undefined
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as { [key: string]: unknown });

export function toJourney(v: JourneyView): api.Journey {
  return {
    id: v.id,
    name: v.name,
    description: v.description,
    status: v.status,
    draft: v.draft ?? undefined,
    latestVersion: v.latestVersion ?? 0,
    activeVersion: v.activeVersion ?? 0,
    createdAt: v.createdAt ?? '',
    updatedAt: v.updatedAt ?? '',
    webhookPath: v.webhookPath ?? '',
  };
}

export function toVersion(v: JourneyVersionView): api.JourneyVersion {
  return {
    journeyId: v.journeyId,
    version: v.version,
    graph: v.graph ?? undefined,
    strategy: v.strategy,
    note: v.note,
    author: v.author,
    createdAt: v.createdAt ?? '',
  };
}

export function toPublishResponse(v: PublishResultView): api.PublishVersionResponse {
  return {
    version: v.version ? toVersion(v.version) : undefined,
    dryRun: v.dryRun,
    plan: struct(v.plan),
    migration: struct(v.migration),
    diff: struct(v.diff),
  };
}

function toTraceEntry(e: TraceEntryView): api.TraceEntry {
  return {
    at: e.at,
    instanceId: e.instanceId,
    journeyId: e.journeyId,
    version: e.version,
    type: e.type,
    nodeId: e.nodeId ?? '',
    message: e.message,
    data: struct(e.data),
  };
}

export function toInstance(v: InstanceView): api.Instance {
  return {
    id: v.id,
    journeyId: v.journeyId,
    version: v.version,
    customerId: v.customerId,
    status: v.status,
    statusReason: v.statusReason ?? '',
    state: struct(v.state),
    createdAt: v.createdAt ?? '',
    updatedAt: v.updatedAt ?? '',
    endedAt: v.endedAt ?? '',
    trace: v.trace.map(toTraceEntry),
  };
}

export function toJournalEntry(e: JournalStreamEvent): api.JournalEntry {
  return {
    sequence: e.id,
    journeyId: e.data.journeyId,
    version: e.data.version,
    instanceId: e.data.instanceId,
    customerId: e.data.customerId,
    events: e.data.events.map((ev) => ({
      type: ev.type,
      at: ev.at,
      nodeId: ev.nodeId ?? '',
      tokenId: ev.tokenId ?? '',
      message: ev.message ?? '',
      data: struct(ev.data),
    })),
  };
}

/** The JSON a REST client would send for these requests (validated by the same schemas). */
export const requestBodies = {
  createJourney: (r: api.CreateJourneyRequest) => ({
    name: str(r.name),
    description: str(r.description),
    graph: r.graph,
  }),
  listJourneys: (r: api.ListJourneysRequest) => ({
    status: str(r.status),
    limit: num(r.limit),
    cursor: str(r.cursor),
  }),
  updateDraft: (r: api.UpdateDraftRequest) => ({
    graph: r.graph,
    name: str(r.name),
    description: str(r.description),
  }),
  publishVersion: (r: api.PublishVersionRequest) => ({
    strategy: str(r.strategy),
    note: str(r.note),
    dryRun: r.dryRun || undefined,
    mapping: r.mapping,
    removedNodePolicy: str(r.removedNodePolicy),
    rollout: r.rollout && {
      percent: r.rollout.percent,
      ...(r.rollout.schedule.length > 0 && { schedule: r.rollout.schedule }),
    },
  }),
  enrollCustomers: (r: api.EnrollCustomersRequest) => ({
    enrollments: r.enrollments.map((e) => ({
      customerId: str(e.customerId),
      context: e.context,
      attributes: e.attributes,
      enrollmentId: str(e.enrollmentId),
    })),
  }),
  sendEvents: (r: api.SendEventsRequest) => ({
    events: r.events.map((e) => ({
      customerId: str(e.customerId),
      name: str(e.name),
      properties: e.properties,
      timestamp: e.timestamp,
      id: str(e.id),
    })),
  }),
  listInstances: (r: api.ListInstancesRequest) => ({
    journeyId: str(r.journeyId),
    customerId: str(r.customerId),
    status: str(r.status),
    limit: num(r.limit),
    cursor: str(r.cursor),
  }),
  watch: (r: api.WatchRequest) => ({
    journeyId: str(r.journeyId),
    types: r.types.length > 0 ? r.types.join(',') : undefined,
    lastEventId: r.afterSequence === undefined ? undefined : String(r.afterSequence),
  }),
};

/** Drops undefined members, so a strict schema sees the fields a client actually set. */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
