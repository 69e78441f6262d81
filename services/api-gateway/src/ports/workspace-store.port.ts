/** Workspaces and their API keys: the only records the gateway owns (database kalcifer_gateway). */

export type ApiKeyRole = 'admin' | 'member';

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
}
export const WORKSPACE_STORE = Symbol('WorkspaceStore');
