import { randomBytes } from 'node:crypto';
import { MemoryProviderConfigStore } from '../../test/doubles/memory-ports';
import { CredentialsCipher } from '../infrastructure/credentials-cipher';
import { associatedData, ManageProviders } from './manage-providers';
import { ReencryptCredentials } from './reencrypt-credentials';

describe('ReencryptCredentials', () => {
  it('seals what an old key sealed under the current key, and leaves a concurrent PUT alone', async () => {
    const [k1, k2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const store = new MemoryProviderConfigStore();
    const before = new ManageProviders(store, CredentialsCipher.fromBase64(k1));
    await before.put('ws_1', 'sms', 'messagebird', { originator: 'K' }, { accessKey: 'live_0123456789' });
    await before.put('ws_2', 'sms', 'messagebird', { originator: 'K' }, { accessKey: 'live_9876543210' });
    const rotated = CredentialsCipher.fromKeys(k2, k1);
    // ws_2 is configured again (under the new key) while the re-encryption runs.
    const stale = await store.sealedUnderOtherKeys(rotated.keyId);
    const original = store.sealedUnderOtherKeys.bind(store);
    store.sealedUnderOtherKeys = async () => {
      await new ManageProviders(store, rotated).put(
        'ws_2',
        'sms',
        'messagebird',
        { originator: 'K' },
        {
          accessKey: 'live_new_key_00',
        },
      );
      return stale;
    };
    await expect(new ReencryptCredentials(store, rotated).execute()).resolves.toEqual({
      found: 2,
      reencrypted: 1,
      skipped: 1,
      failed: [],
    });
    store.sealedUnderOtherKeys = original;
    const current = CredentialsCipher.fromBase64(k2);
    const open = async (ws: string) =>
      JSON.parse(
        current.decrypt((await store.get(ws, 'sms'))!.sealedCredentials, associatedData(ws, 'sms')),
      ) as {
        accessKey: string;
      };
    expect((await open('ws_1')).accessKey).toBe('live_0123456789');
    expect((await open('ws_2')).accessKey).toBe('live_new_key_00');
  });
});
