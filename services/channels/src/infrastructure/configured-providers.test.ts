import { randomBytes } from 'node:crypto';
import { MemoryProviderConfigStore } from '../../test/doubles/memory-ports';
import { ManageProviders } from '../application/manage-providers';
import type { ChannelProvider } from '../ports/channel-provider';
import { ProviderNotConfigured } from '../ports/provider-resolver';
import { ConfiguredProviders } from './configured-providers';
import { CredentialsCipher } from './credentials-cipher';

const smtp: ChannelProvider = { name: 'smtp', send: () => Promise.reject(new Error('not in this test')) };

function setup() {
  const cipher = CredentialsCipher.fromBase64(randomBytes(32).toString('base64'));
  const store = new MemoryProviderConfigStore();
  let now = 0;
  const providers = new ConfiguredProviders(
    store,
    cipher,
    { smtp, timeoutMs: 1000, smtpPoolSize: 1 },
    () => now,
  );
  const manage = new ManageProviders(store, cipher, (ws, ch) => providers.forget(ws, ch));
  return { store, providers, manage, advance: (ms: number) => (now += ms) };
}

describe('ConfiguredProviders', () => {
  it('uses SMTP_URL for email and the HTTP caller for webhooks when nothing is configured', async () => {
    const { providers } = setup();
    await expect(providers.resolve('ws_1', 'email')).resolves.toBe(smtp);
    await expect(providers.resolve('ws_1', 'webhook')).resolves.toMatchObject({
      name: 'http',
      idempotent: true,
    });
  });

  it('says how to configure a channel that has no provider', async () => {
    const { providers } = setup();
    await expect(providers.resolve('ws_1', 'sms')).rejects.toThrow(
      new ProviderNotConfigured('no sms provider configured for this workspace (PUT /v1/providers/sms)'),
    );
  });

  it('builds the configured adapter, per workspace, and rebuilds it after a change', async () => {
    const { providers, manage } = setup();
    await manage.put('ws_1', 'email', 'sendgrid', {}, { apiKey: 'SG.0123456789' });
    const first = await providers.resolve('ws_1', 'email');
    expect(first.name).toBe('sendgrid');
    expect(await providers.resolve('ws_1', 'email')).toBe(first);
    await expect(providers.resolve('ws_2', 'email')).resolves.toBe(smtp);
    await manage.put('ws_1', 'email', 'smtp', {}, { url: 'smtp://127.0.0.1:2525' });
    expect((await providers.resolve('ws_1', 'email')).name).toBe('smtp');
    await providers.close();
  });

  it('reads the store once per cache period for a workspace that configured nothing, and sees a change made here at once', async () => {
    const { store, providers, manage, advance } = setup();
    let reads = 0;
    const get = store.get.bind(store);
    store.get = (ws, channel) => {
      reads++;
      return get(ws, channel);
    };
    for (let i = 0; i < 5; i++) await expect(providers.resolve('ws_1', 'email')).resolves.toBe(smtp);
    await expect(providers.resolve('ws_1', 'sms')).rejects.toThrow(ProviderNotConfigured);
    await expect(providers.resolve('ws_1', 'sms')).rejects.toThrow(ProviderNotConfigured);
    expect(reads).toBe(2);
    await manage.put('ws_1', 'email', 'sendgrid', {}, { apiKey: 'SG.0123456789' });
    expect((await providers.resolve('ws_1', 'email')).name).toBe('sendgrid');
    advance(30_001);
    await manage.delete('ws_1', 'email');
    await expect(providers.resolve('ws_1', 'email')).resolves.toBe(smtp);
    await providers.close();
  });

  it('refuses to use credentials sealed with another key, saying so', async () => {
    const { store, manage } = setup();
    await manage.put('ws_1', 'email', 'sendgrid', {}, { apiKey: 'SG.0123456789' });
    const otherKey = CredentialsCipher.fromBase64(randomBytes(32).toString('base64'));
    const other = new ConfiguredProviders(store, otherKey, { smtp, timeoutMs: 1000, smtpPoolSize: 1 });
    await expect(other.resolve('ws_1', 'email')).rejects.toThrow(
      /encrypted with another KALCIFER_ENCRYPTION_KEY/,
    );
  });
});
