import type { Channel } from '../ports/channel-provider';

export const NO_EMAIL_ADDRESS = 'customer has no email address';

export type Recipient = { ok: true; to: string } | { ok: false; detail: string };

/**
 * Where a message goes, from the customer's profile:
 * - email: `customer.email`;
 * - sms, whatsapp: `customer.phone` (or the attribute named by the node's `to`), E.164;
 * - push: `customer.fcmToken` (FCM) or `customer.apnsToken` (APNs), else the first of
 *   `customer.pushTokens`;
 * - webhook: the node's URL (composed elsewhere).
 */
export function recipientOf(
  channel: Channel,
  customer: Record<string, unknown>,
  config: Record<string, unknown>,
  providerName?: string,
): Recipient {
  switch (channel) {
    case 'email': {
      const to = emailAddressOf(customer);
      return to ? { ok: true, to } : { ok: false, detail: NO_EMAIL_ADDRESS };
    }
    case 'sms':
    case 'whatsapp': {
      const attribute = typeof config.to === 'string' && config.to.trim() !== '' ? config.to.trim() : 'phone';
      const to = phoneNumberOf(ownValue(customer, attribute));
      return to
        ? { ok: true, to }
        : {
            ok: false,
            detail: `customer has no phone number in "${attribute}" (E.164, e.g. +33612345678)`,
          };
    }
    case 'push': {
      const specific = providerName === 'apns' ? 'apnsToken' : 'fcmToken';
      const tokens = ownValue(customer, 'pushTokens');
      const candidates: unknown[] = [
        ownValue(customer, specific),
        ...(Array.isArray(tokens) ? (tokens as unknown[]) : []),
      ];
      const to = candidates.find((t): t is string => typeof t === 'string' && t.trim() !== '');
      return to
        ? { ok: true, to: to.trim() }
        : { ok: false, detail: `customer has no push token (${specific} or pushTokens)` };
    }
    case 'webhook':
      return { ok: true, to: '' };
  }
}

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** `+33 6 12-34-56-78` -> `+33612345678`; anything not E.164 -> undefined. */
export function phoneNumberOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const compact = value.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}

// One address, no display name, a dotted domain: what a marketing send can reasonably deliver to.
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;

export function emailAddressOf(customer: Record<string, unknown> | undefined): string | undefined {
  const value = customer?.email;
  if (typeof value !== 'string') return undefined;
  const address = value.trim();
  return address.length <= 254 && EMAIL.test(address) ? address : undefined;
}
