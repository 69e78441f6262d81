import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL_STORE, type AuditRecord, type AuditTrailStore } from '../ports/audit-trail.port';
import { PageCursors } from './page-cursors';
import type { Principal } from './principal';

export interface AuditListInput {
  action?: string;
  actor?: string;
  targetId?: string;
  since?: string;
  until?: string;
  cursor?: string;
  limit: number;
}

export interface AuditEntryView extends Omit<AuditRecord, 'at' | 'workspaceId'> {
  at: string;
}

/** `<ms since epoch, 13 digits>-<random>`: ids sort by time, so pages are ranges of ids. */
export function auditId(at: Date): string {
  return `${String(at.getTime()).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
}

/** The workspace's audit trail of configuration changes, read by admins. */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(AUDIT_TRAIL_STORE) private readonly store: AuditTrailStore,
    private readonly cursors: PageCursors,
  ) {}

  record(entry: Omit<AuditRecord, 'id'>): Promise<void> {
    return this.store.append({ id: auditId(entry.at), ...entry });
  }

  async list(
    p: Principal,
    input: AuditListInput,
  ): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
    const records = await this.store.list(p.workspaceId, {
      action: input.action,
      actor: input.actor,
      targetId: input.targetId,
      since: input.since ? new Date(input.since) : undefined,
      until: input.until ? new Date(input.until) : undefined,
      before: this.cursors.open('audit', p.workspaceId, input.cursor),
      limit: input.limit + 1,
    });
    const page = records.slice(0, input.limit);
    return {
      entries: page.map(({ workspaceId: _ws, at, ...rest }) => ({ ...rest, at: at.toISOString() })),
      nextCursor: this.cursors.issue(
        'audit',
        p.workspaceId,
        records.length > input.limit ? page[page.length - 1].id : null,
      ),
    };
  }
}
