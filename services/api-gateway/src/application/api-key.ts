import { createHash, randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `<prefix>_<n random base62 characters>`, from a CSPRNG without modulo bias. */
export function randomBase62Id(prefix: string, length: number): string {
  let out = `${prefix}_`;
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

/** A new API key: `kal_` + 32 base62 characters (~190 bits). */
export function generateApiKey(): string {
  return randomBase62Id('kal', 32);
}

/** Workspace ids travel in JetStream subjects, so they hold no `.`, `*`, `>` or spaces. */
export function generateWorkspaceId(): string {
  return randomBase62Id('ws', 20);
}

/** Keys are stored and looked up by this hash only. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A key chosen by the operator (KALCIFER_API_KEY) must still be hard to guess and header-safe. */
export function checkChosenApiKey(key: string): string | undefined {
  if (key.length < 16) return 'an API key must be at least 16 characters long';
  if (key.length > 200) return 'an API key must be at most 200 characters long';
  if (!/^[A-Za-z0-9_.~-]+$/.test(key)) return 'an API key may only contain letters, digits and _ . ~ -';
  return undefined;
}
