/** Workspaces and their API keys: the only records the gateway owns (database kalcifer_gateway). */
import type { Role } from '../application/permissions';

export type ApiKeyRole = Role;

export interface WorkspaceRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiKeyRecord {
  /** sha256 of the key, hex: the key itself is never stored. */
  keyHash: string;
  workspaceId: string;
  name: string;
  role: ApiKeyRole;
  createdAt: Date;
  /** The key's first characters (`kal_AbCd1234`), to recognise it; absent on keys chosen by an operator. */
  prefix?: string;
  expiresAt?: Date;
  revokedAt?: Date;
  lastUsedAt?: Date;
}

export interface WorkspaceStore {
  /** The one lookup not scoped by workspace: it is how a request finds its workspace. */
  findApiKey(keyHash: string): Promise<ApiKeyRecord | null>;
  getWorkspace(workspaceId: string): Promise<WorkspaceRecord | null>;
  insertWorkspace(workspace: WorkspaceRecord): Promise<void>;
  /** Removes a workspace that lost a creation race (it has no key and no data yet). */
  deleteWorkspace(workspaceId: string): Promise<void>;
  /** `duplicate` when a key with the same hash already exists. */
  insertApiKey(key: ApiKeyRecord): Promise<'inserted' | 'duplicate'>;
  /** The workspace's keys (revoked ones included), newest first. */
  listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]>;
  /** Marks the workspace's key whose hash starts with `hashPrefix` revoked; null when none. */
  revokeApiKey(workspaceId: string, hashPrefix: string, at: Date): Promise<ApiKeyRecord | null>;
  touchApiKey(keyHash: string, at: Date): Promise<void>;
}
export const WORKSPACE_STORE = Symbol('WorkspaceStore');
