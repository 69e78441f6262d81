import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

export class SecretDecryptError extends Error {
  override name = 'SecretDecryptError';
}

/** The 8 hex digits that name a key in every value sealed with it (a SHA-256 prefix, not the key). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Secrets at rest (provider credentials, webhook subscription secrets): AES-256-GCM with a
 * 32-byte key from `KALCIFER_ENCRYPTION_KEY` (base64), a random 96-bit IV per value, and
 * associated data binding the ciphertext to its owner (workspace and record), so a value copied
 * to another record does not decrypt. Format: `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url).
 *
 * Rotation: values are sealed with the current key; `KALCIFER_ENCRYPTION_OLD_KEYS` (comma
 * separated) are keys that still open values sealed before, found by the key id in the value,
 * until a re-encryption seals everything under the current key.
 */
export class SecretCipher {
  readonly keyId: string;
  private readonly keys: Map<string, Buffer>;

  private constructor(
    private readonly key: Buffer,
    oldKeys: Buffer[],
    private readonly variable: string,
  ) {
    this.keyId = keyIdOf(key);
    this.keys = new Map([...oldKeys.map((k): [string, Buffer] => [keyIdOf(k), k]), [this.keyId, key]]);
  }

  /** Refuses anything but exactly 32 bytes of base64, saying how to make a key. */
  static fromBase64(value: string, variable = 'KALCIFER_ENCRYPTION_KEY'): SecretCipher {
    return new SecretCipher(decodeKey(value, variable), [], variable);
  }

  /** The current key and older ones (comma-separated base64, decryption only). */
  static fromKeys(
    current: string,
    oldKeys: string | undefined,
    variables = { current: 'KALCIFER_ENCRYPTION_KEY', old: 'KALCIFER_ENCRYPTION_OLD_KEYS' },
  ): SecretCipher {
    const old = (oldKeys ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '')
      .map((k, i) => decodeKey(k, `${variables.old} (key ${i + 1})`));
    return new SecretCipher(decodeKey(current, variables.current), old, variables.current);
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

  /** Whether a value is in the sealed format (else it is a legacy plaintext value). */
  static isSealed(value: string): boolean {
    const parts = value.split(':');
    return parts.length === 5 && parts[0] === VERSION && /^[0-9a-f]{8}$/.test(parts[1] ?? '');
  }

  /** True when the value is sealed under an older key (a re-encryption should seal it again). */
  isStale(sealed: string): boolean {
    return !SecretCipher.isSealed(sealed) || sealed.split(':')[1] !== this.keyId;
  }

  decrypt(sealed: string, associatedData: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION)
      throw new SecretDecryptError(
        'stored credentials are not in the v1 format; configure the provider again',
      );
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key)
      throw new SecretDecryptError(
        `stored credentials were encrypted with another ${this.variable} (key id ${keyId}, this key ${this.keyId}${this.keys.size > 1 ? `, old keys ${[...this.keys.keys()].filter((k) => k !== this.keyId).join(', ')}` : ''}); restore that key (as an old key) or configure the provider again`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (err) {
      throw new SecretDecryptError(
        'stored credentials failed authentication (tampered with, corrupted, or moved from another record); configure the provider again',
        { cause: err },
      );
    }
  }
}

function decodeKey(value: string, variable: string): Buffer {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && !/^[A-Za-z0-9_-]+={0,2}$/.test(trimmed))
    throw new SecretKeyError(
      `${variable} must be 32 random bytes in base64 (make one with: openssl rand -base64 32); it is not base64`,
    );
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (key.length !== 32)
    throw new SecretKeyError(
      `${variable} must be 32 random bytes in base64 (make one with: openssl rand -base64 32); it decodes to ${key.length} bytes`,
    );
  return key;
}
