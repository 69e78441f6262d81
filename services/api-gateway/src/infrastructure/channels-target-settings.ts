import type { ChannelsClient } from '../ports/channels.port';
import type { TargetSettings } from '../ports/webhook-store.port';
import { TtlCache } from '../application/ttl-cache';

/**
 * The workspace's target policy is one setting, owned by the channels service with the webhook
 * provider (`PUT /v1/providers/webhook {provider: "http", settings: {allowPrivateTargets}}`), so
 * call_webhook and outbound webhooks obey the same switch. Read over gRPC, cached briefly.
 */
export class ChannelsTargetSettings implements TargetSettings {
  private readonly cache = new TtlCache<string, boolean>(() => 5_000);

  constructor(private readonly channels: ChannelsClient) {}

  allowsPrivateTargets(workspaceId: string): Promise<boolean> {
    return this.cache.get(workspaceId, async () => {
      const { providers } = await this.channels.listProviders({ workspaceId });
      const webhook = providers.find((p) => p.channel === 'webhook');
      return webhook?.provider === 'http' && webhook.settings?.allowPrivateTargets === true;
    });
  }

  /** After PUT/DELETE /v1/providers/webhook in this process. */
  forget(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }
}
