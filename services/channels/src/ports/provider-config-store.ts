import type { Channel } from './channel-provider';

/** One workspace's provider for one channel, credentials sealed (AES-256-GCM). */
export interface StoredProviderConfig {
  workspaceId: string;
  channel: Channel;
  provider: string;
  settings: Record<string, unknown>;
  /** `v1:...` sealed JSON of the credentials. */
  sealedCredentials: string;
  /** Last characters of each credential, for the API. */
  credentialHints: Record<string, string>;
  updatedAt: Date;
}

/** Workspace-scoped: every method takes the workspace id. */
export interface ProviderConfigStore {
  get(workspaceId: string, channel: Channel): Promise<StoredProviderConfig | null>;
  list(workspaceId: string): Promise<StoredProviderConfig[]>;
  put(config: StoredProviderConfig): Promise<void>;
  /** True when a configuration was removed. */
  delete(workspaceId: string, channel: Channel): Promise<boolean>;
  /**
   * Maintenance only (re-encryption under a new key): every workspace's configurations whose
   * sealed credentials are not under `currentKeyId`. The one unscoped read, on purpose.
   */
  sealedUnderOtherKeys(currentKeyId: string): Promise<StoredProviderConfig[]>;
  /** Replaces the sealed credentials, only if they are still `expected` (a concurrent PUT wins). */
  replaceSealedCredentials(
    workspaceId: string,
    channel: Channel,
    expected: string,
    sealed: string,
  ): Promise<boolean>;
}

export const PROVIDER_CONFIG_STORE = Symbol('ProviderConfigStore');
