import { randomBytes } from 'node:crypto';
import { MemoryProviderConfigStore } from '../../test/doubles/memory-ports';
import { startFakeProviders, type FakeProviders } from '../../test/fakes';
import { ManageProviders } from '../application/manage-providers';
import type { Channel, ChannelProvider, OutboundMessage } from '../ports/channel-provider';
import { ConfiguredProviders } from './configured-providers';
import { CredentialsCipher } from './credentials-cipher';

/**
 * Every provider, configured as a workspace would (through ManageProviders, sealed), resolved
 * and called against its fake: the configs that startFakeProviders() hands to e2e tests work.
 */
describe('every provider adapter against its fake, through the provider configuration', () => {
  let fakes: FakeProviders;
  let providers: ConfiguredProviders;
  let manage: ManageProviders;
  const smtp: ChannelProvider = { name: 'smtp', send: () => Promise.reject(new Error('unused')) };

  beforeAll(async () => {
    fakes = await startFakeProviders();
    const store = new MemoryProviderConfigStore();
    const cipher = CredentialsCipher.fromBase64(randomBytes(32).toString('base64'));
    providers = new ConfiguredProviders(store, cipher, { smtp, timeoutMs: 2000, smtpPoolSize: 1 });
    manage = new ManageProviders(store, cipher, (ws, ch) => providers.forget(ws, ch));
  });
  afterAll(async () => {
    await providers.close();
    await fakes.stop();
  });

  const messages: Record<Channel, OutboundMessage> = {
    email: {
      channel: 'email',
      sendKey: 'k-email',
      from: 'a@kalcifer.test',
      to: 'b@example.com',
      subject: 'Hi',
      text: 'Hello',
    },
    sms: { channel: 'sms', sendKey: 'k-sms', to: '+33612345678', body: 'Hello' },
    whatsapp: { channel: 'whatsapp', sendKey: 'k-wa', to: '+33612345678', body: 'Hello' },
    push: { channel: 'push', sendKey: 'k-push', to: 'device-1', title: 'Hi', body: 'Hello', data: {} },
    webhook: {
      channel: 'webhook',
      sendKey: 'k-hook',
      to: '',
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 1000,
    },
  };

  it.each([
    'email/sendgrid',
    'email/ses',
    'sms/twilio',
    'whatsapp/twilio',
    'sms/messagebird',
    'push/fcm',
    'push/apns',
  ])('%s sends one message', async (name) => {
    const config = fakes.configs[name];
    if (!config) throw new Error(`no fake config ${name}`);
    const ws = `ws_${name.replace('/', '_')}`;
    await manage.put(ws, config.channel, config.provider, config.settings, config.credentials);
    const provider = await providers.resolve(ws, config.channel as Channel);
    expect(provider.name).toBe(config.provider);
    const before = fakes.received()[config.provider]?.length ?? 0;
    const accepted = await provider.send(messages[config.channel as Channel]);
    expect(accepted.providerMessageId).not.toBe('');
    expect((fakes.received()[config.provider]?.length ?? 0) - before).toBeGreaterThanOrEqual(1);
  });

  it('call_webhook needs no configuration, and then refuses private targets such as 127.0.0.1', async () => {
    const provider = await providers.resolve('ws_any', 'webhook');
    await expect(
      provider.send({ ...messages.webhook, to: `${fakes.webhook.baseUrl}/x` }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('a private, loopback or link-local address'),
    });
    expect(fakes.webhook.received).toHaveLength(0);
  });

  it('call_webhook reaches 127.0.0.1 once the workspace allows private targets', async () => {
    const config = fakes.configs['webhook/http'];
    await manage.put('ws_private_ok', 'webhook', 'http', config.settings, config.credentials);
    const provider = await providers.resolve('ws_private_ok', 'webhook');
    await provider.send({ ...messages.webhook, to: `${fakes.webhook.baseUrl}/x` });
    expect(fakes.webhook.received).toHaveLength(1);
  });
});
