import type { ProviderFailureKind } from '../ports/channel-provider';

/** The fields nodemailer puts on its errors. */
interface SmtpErrorFields {
  code?: string;
  command?: string;
  responseCode?: number;
  syscall?: string;
  message?: string;
}

// Failures nodemailer reports before any command of the mail transaction went out.
const BEFORE_TRANSACTION = new Set(['Connection timeout', 'Greeting never received']);

/**
 * What an SMTP failure means for the send (see ProviderFailureKind). SMTP has no idempotency
 * key, so the only failures that are safe to retry are those where the server said no (4xx)
 * or where the connection never got as far as the transaction.
 */
export function classifySmtpFailure(err: unknown): ProviderFailureKind {
  const e = (err ?? {}) as SmtpErrorFields;
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 500) return 'permanent';
    if (e.responseCode >= 400) return 'retryable';
  }
  // Refused, unreachable, unresolvable: nothing was transmitted.
  if (e.syscall === 'connect' || e.syscall === 'getaddrinfo' || e.code === 'EDNS') return 'retryable';
  if (e.code === 'ETIMEDOUT' && e.message !== undefined && BEFORE_TRANSACTION.has(e.message))
    return 'retryable';
  if (e.code === 'ETLS' || e.code === 'EPROTOCOL') return e.command === 'DATA' ? 'ambiguous' : 'retryable';
  // Checked by nodemailer before sending anything (no recipient, invalid sender, too large...).
  if (e.command === 'API') return e.code === 'ECONNECTION' ? 'retryable' : 'permanent';
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return 'permanent';
  // The connection broke or stalled during the session: the message may have been taken.
  return 'ambiguous';
}
