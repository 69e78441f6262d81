/** One configuration change made through the API: who, what, when, from where. */
export interface AuditRecord {
  /** Sortable: newest first by id (time, then random). */
  id: string;
  workspaceId: string;
  at: Date;
  /** `api_key:<name>` or `user:<jwt sub>`. */
  actor: string;
  role: string;
  /** e.g. journey.created, api_key.revoked, quotas.updated (docs/api.md lists them). */
  action: string;
  /** `PUT /v1/journeys/{id}/draft` */
  route: string;
  /** The route's path parameters (the changed object's ids). */
  target: Record<string, string>;
  /** The created object's id when the route created one. */
  createdId?: string;
  ip: string;
  userAgent: string;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  /** Matches any path parameter or the created id. */
  targetId?: string;
  since?: Date;
  until?: Date;
  /** Entries older than this id (the previous page's nextCursor). */
  before?: string;
  limit: number;
}

export interface AuditTrailStore {
  append(record: AuditRecord): Promise<void>;
  list(workspaceId: string, query: AuditQuery): Promise<AuditRecord[]>;
}
export const AUDIT_TRAIL_STORE = Symbol('AuditTrailStore');
