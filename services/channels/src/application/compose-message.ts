import type { SendIntentMessage } from '@kalcifer/contracts';
import type { EmailMessage } from '../ports/email-provider';
import { renderTemplate, type TemplateScope } from './render-template';

export const NO_EMAIL_ADDRESS = 'customer has no email address';

export type ComposedEmail =
  { ok: true; message: EmailMessage } | { ok: false; to: string; subject: string; detail: string };

/**
 * Turns a send intent into the message to send: recipient from `customer.email`, subject,
 * text and html bodies rendered from the node's config (`subject`, `body`, `html`, `template`,
 * `from`). Pure: the same intent always composes the same message.
 */
export function composeEmail(intent: SendIntentMessage, defaultFrom: string): ComposedEmail {
  const scope: TemplateScope = { customer: intent.customer ?? {}, context: intent.context ?? {} };
  const config = intent.config ?? {};
  const template = stringField(config, 'template');
  const subjectSource = stringField(config, 'subject') ?? template ?? 'Message';
  // Header values are single lines; a placeholder value must not be able to break one.
  const subject = renderTemplate(subjectSource, scope)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const to = emailAddressOf(intent.customer);
  if (!to) {
    return { ok: false, to: '', subject, detail: NO_EMAIL_ADDRESS };
  }
  const body = stringField(config, 'body');
  const html = stringField(config, 'html');
  return {
    ok: true,
    message: {
      sendKey: intent.sendKey,
      from: stringField(config, 'from') ?? defaultFrom,
      to,
      subject,
      text: body !== undefined ? renderTemplate(body, scope) : defaultText(template),
      ...(html !== undefined ? { html: renderTemplate(html, scope, 'html') } : {}),
    },
  };
}

/** Until templates are stored (a later issue), a node without a body still says what it was. */
function defaultText(template: string | undefined): string {
  return template ? `This is the "${template}" message.` : 'This message has no content.';
}

function stringField(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
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
