import type { grpc } from '@kalcifer/contracts';

/** Public JSON of live migrations and the audit log (documented in the OpenAPI spec). */

export interface MigrationView {
  id: string;
  journeyId: string;
  fromVersions: number[];
  toVersion: number;
  strategy: string;
  percent: number;
  status: string;
  counts: Record<string, unknown>;
  instancesPerVersion: Record<string, unknown>;
  mapping: Record<string, unknown>;
  schedule: unknown[];
  author: string;
  createdAt: string;
  updatedAt: string;
  countedAt: string;
}

export function toMigrationView(m: grpc.Migration): MigrationView {
  const steps = (m.schedule as { steps?: unknown[] } | undefined)?.steps;
  return {
    id: m.id,
    journeyId: m.journeyId,
    fromVersions: m.fromVersions,
    toVersion: m.toVersion,
    strategy: m.strategy,
    percent: m.percent,
    status: m.status,
    counts: m.counts ?? {},
    instancesPerVersion: m.instancesPerVersion ?? {},
    mapping: m.mapping ?? {},
    schedule: Array.isArray(steps) ? steps : [],
    author: m.author,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    countedAt: m.countedAt,
  };
}

export interface MigrationProgressView {
  migrationId: string;
  intervalMs: number;
  final: boolean;
  samples: grpc.MigrationSample[];
}

export function toMigrationProgressView(p: grpc.MigrationProgress): MigrationProgressView {
  return { migrationId: p.migrationId, intervalMs: p.intervalMs, final: p.final, samples: p.samples };
}

export interface AuditEntryView {
  at: string;
  actor: string;
  action: string;
  journeyId: string;
  note: string;
  details: Record<string, unknown>;
}

export function toAuditEntryView(e: grpc.AuditEntry): AuditEntryView {
  return {
    at: e.at,
    actor: e.actor,
    action: e.action,
    journeyId: e.journeyId,
    note: e.note,
    details: e.details ?? {},
  };
}
