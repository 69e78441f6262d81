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

/**
 * During a secret rotation's grace period a delivery is signed by each secret, new first:
 * `Kalcifer-Signature: v1=<new>,v1=<old>`. A receiver accepts the request when any one verifies.
 */
export function signWebhookWithEach(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((secret) => signWebhook(secret, timestamp, body)).join(',');
}

/**
 * What a receiver does: same HMAC, constant-time comparison against each `v1=` of the header
 * (there are two during a rotation), timestamp within `toleranceS`.
 */
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
  return (headers.signature ?? '').split(',').some((part) => {
    const given = Buffer.from(part.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
