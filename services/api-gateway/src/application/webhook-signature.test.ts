import { createHmac } from 'node:crypto';
import { retryDelayMs, signingSecrets } from './dispatch-webhooks';
import { generateWebhookSecret, signWebhook, signWebhookWithEach, verifyWebhook } from './webhook-signature';

describe('outbound webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = '{"id":"7","events":[{"type":"goal.reached","at":1}]}';

  it('is v1= hex HMAC-SHA256 of "<timestamp>.<body>", as docs/api.md tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`1764752400.${body}`).digest('hex');
    expect(signWebhook(secret, 1764752400, body)).toBe(`v1=${expected}`);
  });

  it('verifies the right signature within the tolerance, and nothing else', () => {
    const signature = signWebhook(secret, 1000, body);
    expect(verifyWebhook(secret, { timestamp: '1000', signature }, body, 1100)).toBe(true);
    expect(verifyWebhook(secret, { timestamp: '1000', signature }, `${body} `, 1100)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), { timestamp: '1000', signature }, body, 1100)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1001', signature }, body, 1100)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1000', signature }, body, 1000 + 301)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1000', signature: undefined }, body, 1000)).toBe(false);
  });

  it('during a rotation carries one v1= per secret, and either secret verifies', () => {
    const next = generateWebhookSecret();
    const signature = signWebhookWithEach([next, secret], 1000, body);
    expect(signature).toBe(`${signWebhook(next, 1000, body)},${signWebhook(secret, 1000, body)}`);
    expect(verifyWebhook(next, { timestamp: '1000', signature }, body, 1000)).toBe(true);
    expect(verifyWebhook(secret, { timestamp: '1000', signature }, body, 1000)).toBe(true);
    expect(verifyWebhook(generateWebhookSecret(), { timestamp: '1000', signature }, body, 1000)).toBe(false);
  });

  it('signs with the previous secret only until its grace period ends', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const sub = {
      secret: 'new',
      previousSecret: 'old',
      previousSecretExpiresAt: new Date(now.getTime() + 1),
    };
    expect(signingSecrets(sub, now)).toEqual(['new', 'old']);
    expect(signingSecrets({ ...sub, previousSecretExpiresAt: now }, now)).toEqual(['new']);
    expect(signingSecrets({ secret: 'only' }, now)).toEqual(['only']);
  });

  it('makes a fresh 256-bit secret each time', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, at most 20% earlier', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 1_000, 10_000, none))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000,
    ]);
    expect(retryDelayMs(3, 1_000, 10_000, () => 1)).toBe(3_200);
  });
});
