/**
 * Tells the other gateway replicas that something they cache changed, so they forget it at once
 * instead of when their cache expires (API_KEY_CACHE_MS). Best effort: a notice lost (the bus
 * down) leaves each replica its cache time, as before.
 */
export interface ReplicaNotices {
  /** The workspace's members (and so its JWT users' roles) changed. */
  membersChanged(workspaceId: string): void;
  /** An API key of the workspace was revoked. */
  apiKeyRevoked(workspaceId: string, keyHash: string): void;
}
export const REPLICA_NOTICES = Symbol('ReplicaNotices');

/** What a replica does with a notice (its own included). */
export interface ReplicaNoticeHandlers {
  membersChanged(workspaceId: string): void;
  apiKeyRevoked(keyHash: string): void;
}
