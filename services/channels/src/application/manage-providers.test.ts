import { randomBytes } from 'node:crypto';
import { MemoryProviderConfigStore } from '../../test/doubles/memory-ports';
import { CredentialsCipher } from '../infrastructure/credentials-cipher';
import { EncryptionKeyMissing, ManageProviders } from './manage-providers';
import { ProviderSettingsError } from './provider-settings';

const SID = `AC${'a'.repeat(32)}`;

describe('ManageProviders', () => {
  const cipher = CredentialsCipher.fromBase64(randomBytes(32).toString('base64'));

  it('stores credentials sealed and shows only that they are configured, with a hint', async () => {
    const store = new MemoryProviderConfigStore();
    const changed: string[] = [];
    const manage = new ManageProviders(store, cipher, (ws, ch) => changed.push(`${ws}:${ch}`));
    const view = await manage.put(
      'ws_1',
      'sms',
      'twilio',
      { from: '+15005550006' },
      { accountSid: SID, authToken: 'token-1234567890-wxyz' },
    );
    expect(view).toMatchObject({
      channel: 'sms',
      provider: 'twilio',
      settings: { from: '+15005550006' },
      credentials: {
        accountSid: { configured: true, hint: '…aaaa' },
        authToken: { configured: true, hint: '…wxyz' },
      },
    });
    const stored = store.configs.get('ws_1:sms');
    expect(JSON.stringify(stored)).not.toContain('token-1234567890-wxyz');
    expect(cipher.decrypt(stored?.sealedCredentials ?? '', 'ws_1:sms')).toContain('token-1234567890-wxyz');
    expect(JSON.stringify(await manage.list('ws_1'))).not.toContain('token-1234567890');
    expect(await manage.list('ws_2')).toEqual([]);
    expect(changed).toEqual(['ws_1:sms']);
    await expect(manage.delete('ws_1', 'sms')).resolves.toBe(true);
    await expect(manage.delete('ws_1', 'sms')).resolves.toBe(false);
  });

  it('lists every field to fix in an invalid configuration', async () => {
    const manage = new ManageProviders(new MemoryProviderConfigStore(), cipher);
    const attempt = manage.put('ws_1', 'sms', 'twilio', {}, { accountSid: 'nope' });
    await expect(attempt).rejects.toBeInstanceOf(ProviderSettingsError);
    await expect(attempt).rejects.toMatchObject({
      problems: [
        {
          field: 'settings',
          message:
            'set settings.from (a Twilio number in E.164, e.g. +14155550100) or settings.messagingServiceSid (MG...)',
        },
        {
          field: 'credentials.accountSid',
          message:
            'accountSid is your Twilio Account SID: AC followed by 32 hex digits (Twilio Console > Account info)',
        },
        {
          field: 'credentials.authToken',
          message:
            'authToken is the Auth Token of that Twilio account, 32 characters (Twilio Console > Account info)',
        },
      ],
    });
  });

  it('says what each Twilio field is and where to find it, as for the other providers', async () => {
    const manage = new ManageProviders(new MemoryProviderConfigStore(), cipher);
    const attempt = manage.put(
      'ws_1',
      'sms',
      'twilio',
      { messagingServiceSid: 'MG123' },
      { accountSid: `AC${'a'.repeat(32)}`, authToken: 'short' },
    );
    await expect(attempt).rejects.toMatchObject({
      problems: [
        {
          field: 'settings.messagingServiceSid',
          message:
            'messagingServiceSid is the SID of a Twilio Messaging Service: MG followed by 32 hex digits (Twilio Console > Messaging > Services)',
        },
        {
          field: 'credentials.authToken',
          message:
            'authToken is the Auth Token of that Twilio account, 32 characters (Twilio Console > Account info)',
        },
      ],
    });
  });

  it('refuses a provider that cannot serve the channel, naming the ones that can', async () => {
    const manage = new ManageProviders(new MemoryProviderConfigStore(), cipher);
    await expect(manage.put('ws_1', 'email', 'twilio', {}, {})).rejects.toThrow(
      'provider "twilio" cannot serve email',
    );
    await expect(manage.put('ws_1', 'email', 'twilio', {}, {})).rejects.toMatchObject({
      problems: [{ field: 'provider', message: 'for email, provider must be one of smtp, sendgrid, ses' }],
    });
    await expect(manage.put('ws_1', 'fax', 'x', {}, {})).rejects.toThrow('unknown channel "fax"');
  });

  it('refuses unknown settings (a typo must not be silently ignored)', async () => {
    const manage = new ManageProviders(new MemoryProviderConfigStore(), cipher);
    await expect(
      manage.put('ws_1', 'email', 'sendgrid', { form: 'x' }, { apiKey: 'SG.0123456789' }),
    ).rejects.toThrow(/settings: Unrecognized key\(s\) in object: 'form'/);
  });

  it('cannot store credentials without an encryption key', async () => {
    const manage = new ManageProviders(new MemoryProviderConfigStore(), undefined);
    await expect(
      manage.put('ws_1', 'email', 'sendgrid', {}, { apiKey: 'SG.0123456789' }),
    ).rejects.toBeInstanceOf(EncryptionKeyMissing);
  });
});
