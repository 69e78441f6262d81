import { Inject, Injectable } from '@nestjs/common';
import type { channelsGrpc } from '@kalcifer/contracts';
import { AppError } from '@kalcifer/platform';
import { CHANNELS, type ChannelsClient } from '../ports/channels.port';
import { TARGET_SETTINGS, type TargetSettings } from '../ports/webhook-store.port';
import type { Principal } from './principal';

/** A provider configuration as the API shows it: credentials only as `{configured, hint}`. */
export interface ProviderConfigView {
  channel: string;
  provider: string;
  settings: Record<string, unknown>;
  credentials: Record<string, { configured: boolean; hint: string }>;
  updatedAt: string;
}

/** PUT/GET/DELETE /v1/providers: the channels service validates, seals and stores. */
@Injectable()
export class ProviderConfigs {
  constructor(
    @Inject(CHANNELS) private readonly channels: ChannelsClient,
    @Inject(TARGET_SETTINGS) private readonly targets: TargetSettings,
  ) {}

  async put(
    principal: Principal,
    channel: string,
    body: { provider: string; settings?: Record<string, unknown>; credentials?: Record<string, unknown> },
  ): Promise<ProviderConfigView> {
    requireAdmin(principal);
    const stored = await this.channels.putProvider({
      workspaceId: principal.workspaceId,
      channel,
      provider: body.provider,
      settings: body.settings ?? {},
      credentials: body.credentials ?? {},
    });
    // The webhook provider's settings hold the workspace's target policy (outbound webhooks).
    if (channel === 'webhook') this.targets.forget(principal.workspaceId);
    return toView(stored);
  }

  async list(principal: Principal): Promise<{ providers: ProviderConfigView[] }> {
    const res = await this.channels.listProviders({ workspaceId: principal.workspaceId });
    return { providers: res.providers.map(toView) };
  }

  async delete(principal: Principal, channel: string): Promise<{ deleted: boolean }> {
    requireAdmin(principal);
    const result = await this.channels.deleteProvider({ workspaceId: principal.workspaceId, channel });
    if (channel === 'webhook') this.targets.forget(principal.workspaceId);
    return result;
  }
}

/** Provider credentials can send on the workspace's behalf: only an admin key changes them. */
function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin')
    throw new AppError(
      'forbidden',
      'admin_key_required',
      'changing channel providers needs an admin API key',
    );
}

function toView(p: channelsGrpc.ProviderConfig): ProviderConfigView {
  return {
    channel: p.channel,
    provider: p.provider,
    settings: p.settings ?? {},
    credentials: Object.fromEntries(
      Object.entries(p.credentials).map(([k, v]) => [k, { configured: v.configured, hint: v.hint }]),
    ),
    updatedAt: p.updatedAt,
  };
}
