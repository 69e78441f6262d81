import type { OnApplicationShutdown } from '@nestjs/common';
import type { Channel, ChannelProvider } from '../ports/channel-provider';
import type { ProviderConfigStore, StoredProviderConfig } from '../ports/provider-config-store';
import { ProviderNotConfigured, type ProviderResolver } from '../ports/provider-resolver';
import { associatedData } from '../application/manage-providers';
import { CredentialsDecryptError, type CredentialsCipher } from './credentials-cipher';
import { ApnsPushProvider } from './providers/apns-push-provider';
import { FcmPushProvider } from './providers/fcm-push-provider';
import { HttpWebhookProvider } from './providers/http-webhook-provider';
import { MessageBirdSmsProvider } from './providers/messagebird-sms-provider';
import { SesEmailProvider } from './providers/ses-email-provider';
import { SendGridEmailProvider } from './providers/sendgrid-email-provider';
import { TwilioMessageProvider } from './providers/twilio-message-provider';
import { SmtpEmailProvider } from './smtp-email-provider';

export interface ProviderDefaults {
  /** The SMTP relay of SMTP_URL: email of a workspace that configured nothing. */
  smtp: ChannelProvider;
  /** Per provider call (SEND_TIMEOUT_MS minus a margin, so our own deadline fires last). */
  timeoutMs: number;
  smtpPoolSize: number;
}

// Provider configs change rarely; a send should not read MongoDB every time. A change made
// through another process reaches this one within this delay.
const CACHE_MS = 30_000;
const NONE = -1;

/**
 * The ProviderResolver: reads the workspace's provider configuration for the channel, unseals
 * its credentials and builds the adapter (cached until the configuration changes). Defaults:
 * SMTP_URL for email, the HTTP caller for call_webhook; other channels need a configuration.
 */
export class ConfiguredProviders implements ProviderResolver, OnApplicationShutdown {
  private readonly http = new HttpWebhookProvider();
  private readonly httpToPrivateTargets = new HttpWebhookProvider({ allowPrivateTargets: true });
  /**
   * Per workspace and channel: the adapter built from its configuration (`stamp`: the config's
   * updatedAt), or, with `stamp` NONE, that nothing is configured (`provider`: the default, if
   * the channel has one). The answer "nothing configured" is cached too: without it every email
   * of a workspace using SMTP_URL read MongoDB once (measured by the channels send-rate bench).
   */
  private readonly cache = new Map<
    string,
    { provider: ChannelProvider | undefined; stamp: number; loadedAt: number }
  >();

  constructor(
    private readonly store: ProviderConfigStore,
    private readonly cipher: CredentialsCipher | undefined,
    private readonly defaults: ProviderDefaults,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(workspaceId: string, channel: Channel): Promise<ChannelProvider> {
    const key = `${workspaceId}:${channel}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.loadedAt < CACHE_MS) return hit.provider ?? this.unconfigured(channel);
    const config = await this.store.get(workspaceId, channel);
    if (!config) {
      this.forget(workspaceId, channel);
      const provider = this.defaultFor(channel);
      this.cache.set(key, { provider, stamp: NONE, loadedAt: this.now() });
      return provider ?? this.unconfigured(channel);
    }
    const stamp = config.updatedAt.getTime();
    if (hit && hit.stamp === stamp && hit.provider) {
      hit.loadedAt = this.now();
      return hit.provider;
    }
    const provider = this.build(config);
    if (hit) this.closeBuilt(hit.provider);
    this.cache.set(key, { provider, stamp, loadedAt: this.now() });
    return provider;
  }

  /** Drops a cached adapter or answer (after PUT/DELETE in this process). */
  forget(workspaceId: string, channel: Channel): void {
    const key = `${workspaceId}:${channel}`;
    const hit = this.cache.get(key);
    if (hit) this.closeBuilt(hit.provider);
    this.cache.delete(key);
  }

  async close(): Promise<void> {
    for (const { provider } of this.cache.values()) {
      if (provider && !this.isDefault(provider)) await provider.close?.();
    }
    this.cache.clear();
  }

  private defaultFor(channel: Channel): ChannelProvider | undefined {
    if (channel === 'email') return this.defaults.smtp;
    if (channel === 'webhook') return this.http;
    return undefined;
  }

  private unconfigured(channel: Channel): never {
    throw new ProviderNotConfigured(
      `no ${channel} provider configured for this workspace (PUT /v1/providers/${channel})`,
    );
  }

  private isDefault(provider: ChannelProvider): boolean {
    return (
      provider === this.defaults.smtp || provider === this.http || provider === this.httpToPrivateTargets
    );
  }

  /** Closes an adapter built from a configuration (never a default, shared by every workspace). */
  private closeBuilt(provider: ChannelProvider | undefined): void {
    if (provider && !this.isDefault(provider)) void provider.close?.();
  }

  /** After the consumer stopped (Nest runs every onModuleDestroy first): pools and HTTP/2 sessions. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** An adapter whose credentials do not parse (a key that is not a key) is not configured. */
  private guarded(config: StoredProviderConfig, build: () => ChannelProvider): ChannelProvider {
    try {
      return build();
    } catch (err) {
      throw new ProviderNotConfigured(
        `${config.channel} provider ${config.provider}: ${(err as Error).message}`,
      );
    }
  }

  private build(config: StoredProviderConfig): ChannelProvider {
    if (!this.cipher)
      throw new ProviderNotConfigured(
        `the ${config.channel} provider's credentials cannot be read: KALCIFER_ENCRYPTION_KEY is not set on the channels service`,
      );
    let credentials: Record<string, string>;
    try {
      credentials = JSON.parse(
        this.cipher.decrypt(config.sealedCredentials, associatedData(config.workspaceId, config.channel)),
      ) as Record<string, string>;
    } catch (err) {
      if (err instanceof CredentialsDecryptError)
        throw new ProviderNotConfigured(`${config.channel} provider: ${err.message}`);
      throw err;
    }
    const s = config.settings as Record<string, string | undefined>;
    const timeoutMs = this.defaults.timeoutMs;
    const opt = <K extends string>(k: K) =>
      (s[k] !== undefined ? { [k]: s[k] } : {}) as Partial<Record<K, string>>;
    switch (config.provider) {
      case 'smtp':
        return new SmtpEmailProvider({
          url: credentials.url ?? '',
          maxConnections: this.defaults.smtpPoolSize,
          socketTimeoutMs: timeoutMs,
        });
      case 'sendgrid':
        return new SendGridEmailProvider({
          apiKey: credentials.apiKey ?? '',
          timeoutMs,
          ...opt('baseUrl'),
          ...opt('from'),
        });
      case 'twilio':
        return new TwilioMessageProvider({
          accountSid: credentials.accountSid ?? '',
          authToken: credentials.authToken ?? '',
          timeoutMs,
          ...opt('from'),
          ...opt('messagingServiceSid'),
          ...opt('baseUrl'),
        });
      case 'ses':
        return new SesEmailProvider({
          region: s.region ?? '',
          accessKeyId: credentials.accessKeyId ?? '',
          secretAccessKey: credentials.secretAccessKey ?? '',
          timeoutMs,
          ...opt('from'),
          ...opt('configurationSetName'),
          ...opt('baseUrl'),
        });
      case 'messagebird':
        return new MessageBirdSmsProvider({
          accessKey: credentials.accessKey ?? '',
          originator: s.originator ?? '',
          timeoutMs,
          ...opt('baseUrl'),
        });
      case 'fcm':
        return this.guarded(
          config,
          () =>
            new FcmPushProvider({
              serviceAccountJson: credentials.serviceAccountJson ?? '',
              timeoutMs,
              ...opt('baseUrl'),
              ...opt('tokenUri'),
            }),
        );
      case 'apns':
        return this.guarded(
          config,
          () =>
            new ApnsPushProvider({
              privateKey: credentials.privateKey ?? '',
              keyId: s.keyId ?? '',
              teamId: s.teamId ?? '',
              topic: s.topic ?? '',
              timeoutMs,
              ...opt('baseUrl'),
            }),
        );
      case 'http':
        return config.settings.allowPrivateTargets === true ? this.httpToPrivateTargets : this.http;
      default:
        throw new ProviderNotConfigured(
          `the ${config.provider} adapter is not available in this version; configure another ${config.channel} provider`,
        );
    }
  }
}
