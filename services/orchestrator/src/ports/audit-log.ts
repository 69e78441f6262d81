export type AuditAction =
  'publish' | 'rollback' | 'rollout_raised' | 'migration_halted' | 'instance_released';

/** Who did what, when and why, to a journey's versions and migrations. Append-only. */
export interface AuditEntry {
  workspaceId: string;
  journeyId: string;
  at: Date;
  actor: string;
  action: AuditAction;
  note: string;
  details: Record<string, unknown>;
}

export interface AuditLog {
  /** `id`: the entry's identity, when the same entry may be appended twice (it is kept once). */
  append(entry: AuditEntry, id?: string): Promise<void>;
  /** Newest first. */
  list(workspaceId: string, journeyId: string, limit: number): Promise<AuditEntry[]>;
}
