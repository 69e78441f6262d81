import { verify, type KeyObject } from 'node:crypto';

/** An Amazon SNS HTTP(S) message, as SNS posts it (JSON, `Content-Type: text/plain`). */
export interface SnsEnvelope {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);
const REQUIRED = [
  'MessageId',
  'TopicArn',
  'Message',
  'Timestamp',
  'SignatureVersion',
  'Signature',
  'SigningCertURL',
];

/** Reads an SNS message body; the error says what is missing. */
export function parseSnsEnvelope(body: string): SnsEnvelope | string {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return 'an SNS message must be a JSON object (Type, MessageId, Message, Signature...)';
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return 'an SNS message must be a JSON object (Type, MessageId, Message, Signature...)';
  const m = raw as Record<string, unknown>;
  if (typeof m.Type !== 'string' || !TYPES.has(m.Type))
    return 'SNS message Type must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation';
  const missing = REQUIRED.filter((k) => typeof m[k] !== 'string');
  if (m.Type !== 'Notification')
    for (const k of ['SubscribeURL', 'Token']) if (typeof m[k] !== 'string') missing.push(k);
  if (missing.length > 0) return `SNS message lacks ${missing.join(', ')}`;
  return m as unknown as SnsEnvelope;
}

/**
 * The string SNS signs (AWS "Verifying the signatures of Amazon SNS messages"): for a
 * Notification, Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type; for a
 * (Un)SubscriptionConfirmation, Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn,
 * Type; each as `name\nvalue\n`.
 */
export function snsStringToSign(m: SnsEnvelope): string {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  let text = '';
  for (const key of keys) {
    const value = (m as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') text += `${key}\n${value}\n`;
  }
  return text;
}

/** SignatureVersion 1: SHA1withRSA; 2: SHA256withRSA. False for anything else. */
export function verifySnsSignature(m: SnsEnvelope, publicKey: KeyObject): boolean {
  const digest = m.SignatureVersion === '1' ? 'sha1' : m.SignatureVersion === '2' ? 'sha256' : undefined;
  if (!digest) return false;
  try {
    return verify(
      digest,
      Buffer.from(snsStringToSign(m), 'utf8'),
      publicKey,
      Buffer.from(m.Signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/**
 * Where SNS certificates and subscription URLs may be fetched from: https on an amazonaws.com
 * host (sns.<region>.amazonaws.com), so a forged message cannot name a certificate of its own.
 * `allowedPrefixes` (a test-only option, never an env key) admits local fakes.
 */
export function isSnsUrlAllowed(url: string, allowedPrefixes: readonly string[] = []): boolean {
  if (allowedPrefixes.some((prefix) => url.startsWith(prefix))) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    (host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn'))
  );
}
