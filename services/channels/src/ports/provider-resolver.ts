import type { Channel, ChannelProvider } from './channel-provider';

/** The workspace has no usable provider for the channel: the send fails without a provider call. */
export class ProviderNotConfigured extends Error {
  override name = 'ProviderNotConfigured';
}

/** Picks the provider adapter of a workspace's channel from its provider configuration. */
export interface ProviderResolver {
  /** Rejects with ProviderNotConfigured when the workspace configured nothing usable. */
  resolve(workspaceId: string, channel: Channel): Promise<ChannelProvider>;
}

export const PROVIDER_RESOLVER = Symbol('ProviderResolver');
