import { randomBytes } from 'node:crypto';
import { keyIdOf, SecretCipher, SecretKeyError } from './secret-cipher';

const key = () => randomBytes(32).toString('base64');

describe('SecretCipher key rotation', () => {
  it('seals with the current key and opens what an old key sealed', () => {
    const [k1, k2] = [key(), key()];
    const sealedBefore = SecretCipher.fromBase64(k1).encrypt('s3cret', 'ws_1:sms');
    const rotated = SecretCipher.fromKeys(k2, k1);
    expect(rotated.decrypt(sealedBefore, 'ws_1:sms')).toBe('s3cret');
    const sealedAfter = rotated.encrypt('s3cret', 'ws_1:sms');
    expect(sealedAfter.split(':')[1]).toBe(keyIdOf(Buffer.from(k2, 'base64')));
    expect(rotated.isStale(sealedBefore)).toBe(true);
    expect(rotated.isStale(sealedAfter)).toBe(false);
    expect(rotated.isStale('whsec_in_clear')).toBe(true);
    expect(SecretCipher.isSealed('whsec_in_clear')).toBe(false);
    expect(SecretCipher.fromBase64(k2).decrypt(sealedAfter, 'ws_1:sms')).toBe('s3cret');
  });

  it('names the key id it lacks, and the old keys it has', () => {
    const [k1, k2, k3] = [key(), key(), key()];
    const sealed = SecretCipher.fromBase64(k1).encrypt('x', 'a');
    expect(() => SecretCipher.fromKeys(k3, k2).decrypt(sealed, 'a')).toThrow(
      new RegExp(
        `key id ${keyIdOf(Buffer.from(k1, 'base64'))}.*old keys ${keyIdOf(Buffer.from(k2, 'base64'))}`,
      ),
    );
  });

  it('refuses a malformed old key, naming which one', () => {
    expect(() => SecretCipher.fromKeys(key(), `${key()}, short`)).toThrow(SecretKeyError);
    expect(() => SecretCipher.fromKeys(key(), `${key()}, short`)).toThrow(
      /KALCIFER_ENCRYPTION_OLD_KEYS \(key 2\)/,
    );
    expect(() => SecretCipher.fromKeys(key(), ' , ')).not.toThrow();
  });
});
