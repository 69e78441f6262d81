import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CredentialsKeyError extends Error {
  override name = 'CredentialsKeyError';
}

export class CredentialsDecryptError extends Error {
  override name = 'CredentialsDecryptError';
}

/**
 * Provider credentials at rest: AES-256-GCM with a 32-byte key from `KALCIFER_ENCRYPTION_KEY`
 * (base64), a random 96-bit IV per value, and associated data binding the ciphertext to its
 * owner (workspace and channel), so a value copied to another record does not decrypt.
 * Format: `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts); the key id (a hash prefix
 * of the key) lets a wrong key be told apart from a tampered value.
 */
export class CredentialsCipher {
  private readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** Refuses anything but exactly 32 bytes of base64, saying how to make a key. */
  static fromBase64(value: string, variable = 'KALCIFER_ENCRYPTION_KEY'): CredentialsCipher {
    const trimmed = value.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && !/^[A-Za-z0-9_-]+={0,2}$/.test(trimmed))
      throw new CredentialsKeyError(
        `${variable} must be 32 random bytes in base64 (make one with: openssl rand -base64 32); it is not base64`,
      );
    const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    if (key.length !== 32)
      throw new CredentialsKeyError(
        `${variable} must be 32 random bytes in base64 (make one with: openssl rand -base64 32); it decodes to ${key.length} bytes`,
      );
    return new CredentialsCipher(key);
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.keyId, iv, tag, ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  decrypt(sealed: string, associatedData: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION)
      throw new CredentialsDecryptError(
        'stored credentials are not in the v1 format; configure the provider again',
      );
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    if (keyId !== this.keyId)
      throw new CredentialsDecryptError(
        `stored credentials were encrypted with another KALCIFER_ENCRYPTION_KEY (key id ${keyId}, this key ${this.keyId}); restore that key or configure the provider again`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (err) {
      throw new CredentialsDecryptError(
        'stored credentials failed authentication (tampered with, corrupted, or moved from another record); configure the provider again',
        { cause: err },
      );
    }
  }
}
