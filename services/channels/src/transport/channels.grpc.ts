import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { channelsGrpc } from '@kalcifer/contracts';
import { AppError, startGrpcServer, type Logger } from '@kalcifer/platform';
import { IngestProviderWebhook, WebhookRejected } from '../application/ingest-provider-webhook';
import {
  EncryptionKeyMissing,
  type ManageProviders,
  type ProviderView,
} from '../application/manage-providers';
import { ProviderSettingsError } from '../application/provider-settings';

/** The Channels gRPC service (proto/kalcifer/v1/channels.proto): thin mapping to the use cases. */
export class ChannelsGrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: { port: number; close(): Promise<void> };

  constructor(
    private readonly address: string,
    private readonly manage: ManageProviders,
    private readonly ingest: IngestProviderWebhook,
    private readonly logger: Logger,
  ) {}

  get boundPort(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startGrpcServer(
      channelsGrpc.ChannelsService,
      {
        putProvider: (r) =>
          mapped(async () =>
            toProto(
              await this.manage.put(
                r.workspaceId,
                r.channel,
                r.provider,
                r.settings ?? {},
                r.credentials ?? {},
              ),
            ),
          ),
        listProviders: (r) =>
          mapped(async () => ({ providers: (await this.manage.list(r.workspaceId)).map(toProto) })),
        deleteProvider: (r) =>
          mapped(async () => ({ deleted: await this.manage.delete(r.workspaceId, r.channel) })),
        ingestProviderWebhook: (r) =>
          mapped(() =>
            this.ingest.execute({
              workspaceId: r.workspaceId,
              provider: r.provider,
              rawBody: Buffer.from(r.body),
              headers: r.headers,
              url: r.url,
            }),
          ),
      },
      this.address,
      this.logger,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }
}

function toProto(view: ProviderView): channelsGrpc.ProviderConfig {
  return {
    channel: view.channel,
    provider: view.provider,
    settings: view.settings,
    credentials: view.credentials,
    updatedAt: view.updatedAt,
  };
}

/** The use cases' typed errors, mapped once for this transport. */
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ProviderSettingsError)
      throw new AppError('invalid', 'invalid_provider_config', err.message, { problems: err.problems });
    if (err instanceof EncryptionKeyMissing)
      throw new AppError('unavailable', 'encryption_key_missing', err.message);
    if (err instanceof WebhookRejected) {
      const code = err.kind === 'unauthenticated' ? 'webhook_signature_invalid' : `webhook_${err.kind}`;
      throw new AppError(err.kind, code, err.message);
    }
    throw err;
  }
}
