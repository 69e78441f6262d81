import type { Channel } from '../ports/channel-provider';
import type { ProviderConfigStore } from '../ports/provider-config-store';
import type { CredentialsCipher } from '../infrastructure/credentials-cipher';
import { hintOf, ProviderSettingsError, validateProviderConfig } from './provider-settings';

/** What the API shows of a provider configuration: never a credential. */
export interface ProviderView {
  channel: Channel;
  provider: string;
  settings: Record<string, unknown>;
  credentials: Record<string, { configured: true; hint: string }>;
  updatedAt: string;
}

export class EncryptionKeyMissing extends Error {
  override name = 'EncryptionKeyMissing';
  constructor() {
    super(
      'provider credentials cannot be stored: set KALCIFER_ENCRYPTION_KEY (openssl rand -base64 32) on the channels service',
    );
  }
}

/** PUT/GET/DELETE /v1/providers: per workspace, credentials sealed before they are stored. */
export class ManageProviders {
  constructor(
    private readonly store: ProviderConfigStore,
    private readonly cipher: CredentialsCipher | undefined,
    private readonly onChange: (workspaceId: string, channel: Channel) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(
    workspaceId: string,
    channel: string,
    provider: string,
    settings: unknown,
    credentials: unknown,
  ): Promise<ProviderView> {
    const valid = validateProviderConfig(channel, provider, settings, credentials);
    if (!this.cipher) throw new EncryptionKeyMissing();
    const stored = {
      workspaceId,
      channel: channel as Channel,
      provider: valid.provider,
      settings: valid.settings,
      sealedCredentials: this.cipher.encrypt(
        JSON.stringify(valid.credentials),
        associatedData(workspaceId, channel),
      ),
      credentialHints: Object.fromEntries(Object.entries(valid.credentials).map(([k, v]) => [k, hintOf(v)])),
      updatedAt: this.now(),
    };
    await this.store.put(stored);
    this.onChange(workspaceId, stored.channel);
    return view(stored);
  }

  async list(workspaceId: string): Promise<ProviderView[]> {
    return (await this.store.list(workspaceId)).map(view);
  }

  async delete(workspaceId: string, channel: string): Promise<boolean> {
    validateChannel(channel);
    const removed = await this.store.delete(workspaceId, channel as Channel);
    this.onChange(workspaceId, channel as Channel);
    return removed;
  }
}

/** Binds sealed credentials to their record. */
export function associatedData(workspaceId: string, channel: string): string {
  return `${workspaceId}:${channel}`;
}

function validateChannel(channel: string): void {
  if (!['email', 'sms', 'push', 'whatsapp', 'webhook'].includes(channel))
    throw new ProviderSettingsError(`unknown channel "${channel}"`, [
      { field: 'channel', message: 'channel must be one of email, sms, push, whatsapp, webhook' },
    ]);
}

function view(config: {
  channel: Channel;
  provider: string;
  settings: Record<string, unknown>;
  credentialHints: Record<string, string>;
  updatedAt: Date;
}): ProviderView {
  return {
    channel: config.channel,
    provider: config.provider,
    settings: config.settings,
    credentials: Object.fromEntries(
      Object.entries(config.credentialHints).map(([k, hint]) => [k, { configured: true as const, hint }]),
    ),
    updatedAt: config.updatedAt.toISOString(),
  };
}
