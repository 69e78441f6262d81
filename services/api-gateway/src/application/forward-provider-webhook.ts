import { Inject, Injectable } from '@nestjs/common';
import { CHANNELS, type ChannelsClient } from '../ports/channels.port';

/**
 * A provider's delivery webhook (no API key): handed as raw body and headers to the channels
 * service, which verifies the provider's signature and routes the statuses to the instances.
 */
@Injectable()
export class ForwardProviderWebhook {
  constructor(@Inject(CHANNELS) private readonly channels: ChannelsClient) {}

  execute(
    provider: string,
    workspaceId: string,
    rawBody: Buffer,
    headers: Record<string, string>,
    url: string,
  ): Promise<{ accepted: number; ignored: number }> {
    return this.channels.ingestProviderWebhook({ workspaceId, provider, body: rawBody, headers, url });
  }
}
