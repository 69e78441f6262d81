import type { StatusReport } from './status-report';

/** The message tag our SES adapter puts on every email (`kalcifer_send_key`). */
export const SES_SEND_KEY_TAG = 'kalcifer_send_key';

type SesStatus = StatusReport['status'];

// SES event publishing `eventType` and SES notifications `notificationType` -> our status. Send,
// DeliveryDelay, Subscription and RenderingFailure (never sent by us: SES renders nothing) are ignored.
const SES_EVENTS: Record<string, { status: SesStatus; field: string }> = {
  Delivery: { status: 'delivered', field: 'delivery' },
  Bounce: { status: 'bounced', field: 'bounce' },
  Complaint: { status: 'complained', field: 'complaint' },
  Open: { status: 'opened', field: 'open' },
  Click: { status: 'clicked', field: 'click' },
  Reject: { status: 'failed', field: 'reject' },
};

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * An SES event (the `Message` of an SNS notification, JSON): event publishing through a
 * configuration set (`eventType`, with the message's tags) or identity notifications
 * (`notificationType`, no tags). Null when it is no event we route.
 */
export function sesReportOf(message: string): StatusReport | null {
  let event: Json | undefined;
  try {
    event = obj(JSON.parse(message));
  } catch {
    return null;
  }
  if (!event) return null;
  const type = str(event.eventType) ?? str(event.notificationType);
  const known = type ? SES_EVENTS[type] : undefined;
  const mail = obj(event.mail);
  if (!known || !mail) return null;
  const detailOf = obj(event[known.field]) ?? {};
  const tags = obj(mail.tags);
  const sendKeyTag = tags?.[SES_SEND_KEY_TAG];
  const sendKey = Array.isArray(sendKeyTag) ? str(sendKeyTag[0]) : undefined;
  const messageId = str(mail.messageId);
  const timestamp = Date.parse(str(detailOf.timestamp) ?? str(mail.timestamp) ?? '');
  const detail = detailText(type ?? '', detailOf);
  return {
    status: known.status,
    ...(sendKey ? { sendKey } : {}),
    ...(messageId ? { providerMessageId: messageId } : {}),
    at: Number.isFinite(timestamp) ? timestamp : Date.now(),
    ...(detail ? { detail } : {}),
  };
}

function detailText(type: string, detail: Json): string | undefined {
  switch (type) {
    case 'Bounce': {
      const recipient = obj((detail.bouncedRecipients as unknown[] | undefined)?.[0]);
      const diagnostic = str(recipient?.diagnosticCode);
      const kind = [str(detail.bounceType), str(detail.bounceSubType)].filter(Boolean).join('/');
      return `SES bounce ${kind || 'unknown'}${diagnostic ? `: ${diagnostic}` : ''}`;
    }
    case 'Complaint':
      return `SES complaint${str(detail.complaintFeedbackType) ? ` (${str(detail.complaintFeedbackType)})` : ''}`;
    case 'Click':
      return str(detail.link) ? `clicked ${str(detail.link)}` : undefined;
    case 'Reject':
      return `SES rejected the email${str(detail.reason) ? `: ${str(detail.reason)}` : ''}`;
    default:
      return undefined;
  }
}
