import type { grpc } from '@kalcifer/contracts';

/**
 * The public JSON representations (documented in the OpenAPI spec). Proto messages stop here:
 * empty strings and zero versions, which proto3 uses for "absent", become null.
 */

const orNull = (s: string): string | null => (s === '' ? null : s);
const versionOrNull = (n: number): number | null => (n > 0 ? n : null);

export interface JourneyView {
  id: string;
  name: string;
  description: string;
  status: string;
  draft: Record<string, unknown> | null;
  latestVersion: number | null;
  activeVersion: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** Path of the journey's webhook entry (POST, no API key: the token in it is the secret). */
  webhookPath: string | null;
}

export function toJourneyView(j: grpc.Journey): JourneyView {
  return {
    id: j.id,
    name: j.name,
    description: j.description,
    status: j.status,
    draft: j.draft ?? null,
    latestVersion: versionOrNull(j.latestVersion),
    activeVersion: versionOrNull(j.activeVersion),
    createdAt: orNull(j.createdAt),
    updatedAt: orNull(j.updatedAt),
    webhookPath: j.webhookToken ? `/v1/hooks/${j.id}/${j.webhookToken}` : null,
  };
}

export interface JourneyVersionView {
  journeyId: string;
  version: number;
  graph: Record<string, unknown> | null;
  strategy: string;
  note: string;
  author: string;
  createdAt: string | null;
}

export function toVersionView(v: grpc.JourneyVersion): JourneyVersionView {
  return {
    journeyId: v.journeyId,
    version: v.version,
    graph: v.graph ?? null,
    strategy: v.strategy,
    note: v.note,
    author: v.author,
    createdAt: orNull(v.createdAt),
  };
}

export interface TraceEntryView {
  at: string;
  instanceId: string;
  journeyId: string;
  version: number;
  type: string;
  nodeId: string | null;
  message: string;
  data: Record<string, unknown>;
}

export function toTraceEntryView(e: grpc.TraceEntry): TraceEntryView {
  return {
    at: e.at,
    instanceId: e.instanceId,
    journeyId: e.journeyId,
    version: e.version,
    type: e.type,
    nodeId: orNull(e.nodeId),
    message: e.message,
    data: e.data ?? {},
  };
}

export interface InstanceView {
  id: string;
  journeyId: string;
  version: number;
  customerId: string;
  status: string;
  statusReason: string | null;
  state: Record<string, unknown>;
  createdAt: string | null;
  updatedAt: string | null;
  endedAt: string | null;
  trace: TraceEntryView[];
}

export function toInstanceView(i: grpc.Instance): InstanceView {
  return {
    id: i.id,
    journeyId: i.journeyId,
    version: i.version,
    customerId: i.customerId,
    status: i.status,
    statusReason: orNull(i.statusReason),
    state: i.state ?? {},
    createdAt: orNull(i.createdAt),
    updatedAt: orNull(i.updatedAt),
    endedAt: orNull(i.endedAt),
    trace: i.trace.map(toTraceEntryView),
  };
}

export interface CustomerView {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: string | null;
  updatedAt: string | null;
}

export function toCustomerView(c: grpc.Customer): CustomerView {
  return {
    id: c.id,
    attributes: c.attributes ?? {},
    createdAt: orNull(c.createdAt),
    updatedAt: orNull(c.updatedAt),
  };
}

export interface NextStepView {
  instanceId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  tokenId: string;
  kind: string;
  dueAt: string | null;
  event: string | null;
  why: string;
}

export interface CustomerTraceView {
  customerId: string;
  entries: Array<TraceEntryView & { why: string }>;
  next: NextStepView[];
}

export function toCustomerTraceView(t: grpc.CustomerTrace): CustomerTraceView {
  return {
    customerId: t.customerId,
    entries: t.entries.map((e) => ({ ...toTraceEntryView(e), why: e.why })),
    next: (t.next ?? []).map((n) => ({
      instanceId: n.instanceId,
      journeyId: n.journeyId,
      version: n.version,
      nodeId: n.nodeId,
      tokenId: n.tokenId,
      kind: n.kind,
      dueAt: orNull(n.dueAt),
      event: orNull(n.event),
      why: n.why,
    })),
  };
}
