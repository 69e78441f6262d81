import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Outbound webhook signatures, as receivers verify them (docs/api.md, "Outbound webhooks"):
 * `Kalcifer-Signature: v1=<hex HMAC-SHA256(secret, "<Kalcifer-Timestamp>.<raw body>")>`, the
 * timestamp in Unix seconds, so a captured request cannot be replayed later than the receiver's
 * tolerance.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: same HMAC, constant-time comparison, timestamp within `toleranceS`. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
