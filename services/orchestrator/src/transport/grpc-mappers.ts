import { clampJsonDepth, type grpc } from '@kalcifer/contracts';
import type { InstanceState } from '@kalcifer/journey';
import type { CustomerRecord } from '../ports/customer-store';
import type { ExplainedEntry, NextStep } from '../application/explain-trace';
import type { MigrationView } from '../application/manage-migrations';
import type { MigrationProgressSeries } from '../ports/migration-progress-log';
import type { AuditEntry } from '../ports/audit-log';
import type { InstanceRecord, StoredTraceEntry } from '../ports/instance-store';
import type { JourneyRecord, VersionRecord } from '../ports/journey-store';

/**
 * Domain records -> proto messages. Nothing of the store's shape leaves the service otherwise.
 * Values a client sent (context, attributes, trace data) are clamped to MAX_JSON_DEPTH: records
 * stored before the gateway held bodies to that limit would otherwise fail to decode, and with
 * them every list they appear in (issue 17.1). The stored record itself is left as it is.
 */

const iso = (ms: number | Date | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

export function toJourney(j: JourneyRecord): grpc.Journey {
  return {
    id: j.id,
    workspaceId: j.workspaceId,
    name: j.name,
    description: j.description,
    status: j.status,
    draft: j.draft,
    latestVersion: j.latestVersion,
    activeVersion: j.activeVersion,
    createdAt: iso(j.createdAt),
    updatedAt: iso(j.updatedAt),
    webhookToken: j.webhookToken ?? '',
  };
}

export function toVersion(v: VersionRecord): grpc.JourneyVersion {
  return {
    journeyId: v.journeyId,
    version: v.version,
    graph: v.graph,
    strategy: v.strategy,
    note: v.note,
    author: v.author,
    createdAt: iso(v.createdAt),
  };
}

export function toTraceEntry(t: StoredTraceEntry): grpc.TraceEntry {
  return {
    at: iso(t.at),
    instanceId: t.instanceId,
    journeyId: t.journeyId,
    version: t.version,
    type: t.type,
    nodeId: t.nodeId ?? '',
    message: t.message ?? '',
    data: t.data ? clampJsonDepth(t.data) : undefined,
    why: '',
  };
}

export function toExplainedTraceEntry(t: ExplainedEntry): grpc.TraceEntry {
  return { ...toTraceEntry(t), why: t.why };
}

export function toNextStep(n: NextStep): grpc.NextStep {
  return {
    instanceId: n.instanceId,
    journeyId: n.journeyId,
    version: n.version,
    nodeId: n.nodeId,
    tokenId: n.tokenId,
    kind: n.kind,
    dueAt: n.dueAt === undefined ? '' : iso(n.dueAt),
    event: n.event ?? '',
    why: n.why,
  };
}

/** The public view of an instance: no dedupe bookkeeping. */
function publicState(s: InstanceState): Record<string, unknown> {
  return {
    tokens: s.tokens,
    executed: s.executed,
    visits: s.visits,
    context: clampJsonDepth(s.context),
    conversions: s.conversions,
  };
}

export function toInstance(r: InstanceRecord, trace: StoredTraceEntry[] = []): grpc.Instance {
  const s = r.state;
  return {
    id: s.id,
    workspaceId: s.workspaceId,
    journeyId: s.journeyId,
    version: s.version,
    customerId: s.customerId,
    status: s.status,
    statusReason: s.statusReason ?? '',
    state: publicState(s),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    endedAt: iso(s.endedAt),
    trace: trace.map(toTraceEntry),
  };
}

export function toCustomer(c: CustomerRecord): grpc.Customer {
  return {
    id: c.customerId,
    workspaceId: c.workspaceId,
    attributes: clampJsonDepth(c.attributes),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

export function toMigration(m: MigrationView): grpc.Migration {
  const r = m.record;
  return {
    id: r.id,
    journeyId: r.journeyId,
    fromVersions: r.fromVersions,
    toVersion: r.toVersion,
    strategy: r.strategy,
    percent: r.percent,
    status: r.status,
    counts: m.counts,
    instancesPerVersion: m.instancesPerVersion,
    mapping: r.mapping,
    schedule: { steps: r.schedule.map((s) => ({ percent: s.percent, at: iso(s.at), done: s.done })) },
    author: r.author,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    countedAt: iso(m.countedAt),
  };
}

export function toMigrationProgress(
  migrationId: string,
  series: MigrationProgressSeries,
): grpc.MigrationProgress {
  return {
    migrationId,
    intervalMs: series.intervalMs,
    final: series.final,
    samples: series.samples.map(({ at, ...counts }) => ({ at: iso(at), ...counts })),
  };
}

export function toAuditEntry(e: AuditEntry): grpc.AuditEntry {
  return {
    at: iso(e.at),
    actor: e.actor,
    action: e.action,
    journeyId: e.journeyId,
    note: e.note,
    details: e.details,
  };
}
