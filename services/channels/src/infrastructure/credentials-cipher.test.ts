import { randomBytes } from 'node:crypto';
import { CredentialsCipher, CredentialsDecryptError, CredentialsKeyError } from './credentials-cipher';

const key = () => randomBytes(32).toString('base64');

describe('CredentialsCipher', () => {
  const cipher = CredentialsCipher.fromBase64(key());

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = cipher.encrypt('{"apiKey":"SG.secret"}', 'ws_1:email');
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(sealed).not.toContain('SG.secret');
    expect(cipher.decrypt(sealed, 'ws_1:email')).toBe('{"apiKey":"SG.secret"}');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same', 'a')).not.toBe(cipher.encrypt('same', 'a'));
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.encrypt('secret', 'ws_1:sms');
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[4] ?? '', 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'), 'ws_1:sms')).toThrow(/failed authentication/);
  });

  it('refuses a value moved to another workspace', () => {
    const sealed = cipher.encrypt('secret', 'ws_1:sms');
    expect(() => cipher.decrypt(sealed, 'ws_2:sms')).toThrow(CredentialsDecryptError);
  });

  it('says clearly when the key is not the one the value was sealed with', () => {
    const sealed = cipher.encrypt('secret', 'ws_1:sms');
    const other = CredentialsCipher.fromBase64(key());
    expect(() => other.decrypt(sealed, 'ws_1:sms')).toThrow(/encrypted with another KALCIFER_ENCRYPTION_KEY/);
  });

  it('refuses a malformed key, saying how to make one', () => {
    expect(() => CredentialsCipher.fromBase64('short')).toThrow(CredentialsKeyError);
    expect(() => CredentialsCipher.fromBase64(randomBytes(16).toString('base64'))).toThrow(
      /decodes to 16 bytes.*openssl rand -base64 32|openssl rand -base64 32.*16 bytes/,
    );
    expect(() => CredentialsCipher.fromBase64('not base64 at all!')).toThrow(/not base64/);
  });
});
