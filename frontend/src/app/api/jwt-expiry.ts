/**
 * When a JWT stops being usable, read from its own `exp` claim (the console cannot verify the
 * signature, and needs not: the gateway does; it only reads when to stop sending it). Pure.
 */

/** Warn this long before a JWT expires. */
export const WARN_BEFORE_MS = 5 * 60_000;
/**
 * A JWT is no longer sent this long before its `exp`, so that a request sent just before does not
 * reach the gateway expired.
 */
export const SEND_MARGIN_MS = 5_000;

/**
 * The instant (ms since the epoch) a JWT's `exp` claim names, or null when the token is not a
 * JWT (an API key) or has no numeric `exp`.
 */
export function jwtExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as { exp?: unknown } | null;
    return typeof claims?.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

export type ExpiryState = 'valid' | 'expiring' | 'expired';

/** Where a credential that expires at `expiresAt` (null: never) stands at `now`. */
export function expiryState(expiresAt: number | null | undefined, now: number): ExpiryState {
  if (expiresAt === null || expiresAt === undefined) return 'valid';
  if (now >= expiresAt - SEND_MARGIN_MS) return 'expired';
  if (now >= expiresAt - WARN_BEFORE_MS) return 'expiring';
  return 'valid';
}

/** "4 min 05 s", "12 s": how long is left, for the warning. */
export function timeLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${String(seconds % 60).padStart(2, '0')} s` : `${seconds} s`;
}

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
