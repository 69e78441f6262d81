import type { channelsGrpc } from '@kalcifer/contracts';
import type { ChannelsClient } from '../ports/channels.port';
import { ProviderConfigs } from './provider-configs';

const stored: channelsGrpc.ProviderConfig = {
  channel: 'sms',
  provider: 'twilio',
  settings: { from: '+15005550006' },
  credentials: { authToken: { configured: true, hint: '…wxyz' } },
  updatedAt: '2026-11-26T10:00:00.000Z',
};

function client(calls: string[]): ChannelsClient {
  return {
    putProvider: (r) => {
      calls.push(`put ${r.workspaceId} ${r.channel} ${r.provider}`);
      return Promise.resolve(stored);
    },
    listProviders: (r) => {
      calls.push(`list ${r.workspaceId}`);
      return Promise.resolve({ providers: [stored] });
    },
    deleteProvider: (r) => {
      calls.push(`delete ${r.workspaceId} ${r.channel}`);
      return Promise.resolve({ deleted: true });
    },
    ingestProviderWebhook: () => Promise.resolve({ accepted: 0, ignored: 0 }),
  };
}

describe('ProviderConfigs', () => {
  const admin = { workspaceId: 'ws_1', role: 'admin' as const, actor: 'api_key:admin' };
  const member = { workspaceId: 'ws_1', role: 'editor' as const, actor: 'api_key:ci' };

  it("passes the caller's workspace to the channels service and shows credentials only as hints", async () => {
    const calls: string[] = [];
    const providers = new ProviderConfigs(client(calls), {
      allowsPrivateTargets: () => Promise.resolve(false),
      forget: () => undefined,
    });
    await expect(
      providers.put(admin, 'sms', { provider: 'twilio', credentials: { authToken: 'x' } }),
    ).resolves.toEqual({
      channel: 'sms',
      provider: 'twilio',
      settings: { from: '+15005550006' },
      credentials: { authToken: { configured: true, hint: '…wxyz' } },
      updatedAt: '2026-11-26T10:00:00.000Z',
    });
    await providers.list(member);
    await providers.delete(admin, 'sms');
    expect(calls).toEqual(['put ws_1 sms twilio', 'list ws_1', 'delete ws_1 sms']);
  });

  it('lets only an admin key change providers', async () => {
    const calls: string[] = [];
    const providers = new ProviderConfigs(client(calls), {
      allowsPrivateTargets: () => Promise.resolve(false),
      forget: () => undefined,
    });
    await expect(providers.put(member, 'sms', { provider: 'twilio' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'admin_key_required',
    });
    await expect(providers.delete(member, 'sms')).rejects.toMatchObject({ code: 'admin_key_required' });
    expect(calls).toEqual([]);
  });
});
