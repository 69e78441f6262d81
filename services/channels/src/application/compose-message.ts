import type { SendIntentMessage } from '@kalcifer/contracts';
import { renderTemplate, TemplateError, type TemplateFormat, type TemplateScope } from '@kalcifer/templates';
import type { OutboundMessage } from '../ports/channel-provider';
import { recipientOf } from './recipients';

export type Composed =
  | {
      ok: true;
      message: OutboundMessage;
      /** Provider calls allowed for this send (call_webhook's `retries` + 1), else the worker's. */
      maxAttempts?: number;
    }
  | { ok: false; to: string; subject: string; detail: string };

export interface ComposeSettings {
  /** Default sender of emails (`EMAIL_FROM`). */
  defaultFrom: string;
  /** Public base URL of the gateway (`WEBHOOK_PUBLIC_URL`): providers report statuses there. */
  statusCallbackBase?: string;
  /** Upper bound of a call_webhook timeout (below the worker's SEND_TIMEOUT_MS). */
  maxWebhookTimeoutMs: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
/** A Twilio Content template id (approved WhatsApp templates). */
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
export const DEFAULT_WEBHOOK_RETRIES = 3;

/** The ledger's `to` and `subject` of a composed message. */
export function summaryOf(composed: Composed): { to: string; subject: string } {
  if (!composed.ok) return { to: composed.to, subject: composed.subject };
  const m = composed.message;
  switch (m.channel) {
    case 'email':
      return { to: m.to, subject: m.subject };
    case 'push':
      return { to: m.to, subject: m.title };
    case 'sms':
    case 'whatsapp':
    case 'webhook':
      return { to: m.to, subject: '' };
  }
}

class Refused extends Error {}

/**
 * Turns a send intent into the message to send: the recipient from the customer's profile, the
 * node config's templates rendered with Liquid over `{ customer, context, event }`. A missing
 * recipient or a template that does not render fails the send before any provider call.
 */
export async function composeMessage(
  intent: SendIntentMessage,
  settings: ComposeSettings,
  providerName?: string,
): Promise<Composed> {
  const scope: TemplateScope = {
    customer: intent.customer ?? {},
    context: intent.context ?? {},
    event: eventOf(intent.context),
  };
  const config = intent.config ?? {};
  const render = async (field: string, source: string, format: TemplateFormat = 'text') => {
    try {
      return await renderTemplate(source, scope, format);
    } catch (err) {
      if (err instanceof TemplateError) throw new Refused(`${field}: ${err.message}`);
      throw err;
    }
  };
  const channel = intent.channel;
  let subject = '';
  const recipient = recipientOf(channel, intent.customer ?? {}, config, providerName);
  try {
    switch (channel) {
      case 'email': {
        const template = stringField(config, 'template');
        // Header values are single lines; a value must not be able to break one.
        subject = oneLine(await render('subject', stringField(config, 'subject') ?? template ?? 'Message'));
        if (!recipient.ok) return { ok: false, to: '', subject, detail: recipient.detail };
        const body = stringField(config, 'body');
        const html = stringField(config, 'html');
        const from = stringField(config, 'from');
        return {
          ok: true,
          message: {
            channel,
            sendKey: intent.sendKey,
            from: from !== undefined ? oneLine(await render('from', from)) : settings.defaultFrom,
            to: recipient.to,
            subject,
            text: body !== undefined ? await render('body', body) : defaultText(template),
            ...(html !== undefined ? { html: await render('html', html, 'html') } : {}),
          },
        };
      }
      case 'sms':
      case 'whatsapp': {
        if (!recipient.ok) return { ok: false, to: '', subject, detail: recipient.detail };
        const from = stringField(config, 'from');
        const template = stringField(config, 'template');
        // WhatsApp: an approved Twilio Content template (`HX...`) with its variables.
        if (channel === 'whatsapp' && template !== undefined && CONTENT_SID.test(template)) {
          const variables: Record<string, string> = {};
          const raw = config.variables;
          if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
            for (const [k, v] of Object.entries(raw))
              variables[k] = typeof v === 'string' ? await render(`variables.${k}`, v) : JSON.stringify(v);
          }
          return {
            ok: true,
            message: {
              channel,
              sendKey: intent.sendKey,
              to: recipient.to,
              body: stringField(config, 'body') ?? '',
              contentSid: template,
              contentVariables: variables,
              ...(from !== undefined ? { from } : {}),
              ...callback(settings, providerName, intent.workspaceId),
            },
          };
        }
        const body = stringField(config, 'body') ?? template;
        if (body === undefined) return refused(recipient.to, subject, `${channel} node has no body`);
        return {
          ok: true,
          message: {
            channel,
            sendKey: intent.sendKey,
            to: recipient.to,
            body: await render('body', body),
            ...(from !== undefined ? { from } : {}),
            ...callback(settings, providerName, intent.workspaceId),
          },
        };
      }
      case 'push': {
        subject = oneLine(await render('title', stringField(config, 'title') ?? ''));
        if (!recipient.ok) return { ok: false, to: '', subject, detail: recipient.detail };
        const data: Record<string, string> = {};
        const rawData = config.data;
        if (rawData && typeof rawData === 'object' && !Array.isArray(rawData)) {
          for (const [k, v] of Object.entries(rawData)) {
            data[k] = typeof v === 'string' ? await render(`data.${k}`, v) : JSON.stringify(v);
          }
        }
        return {
          ok: true,
          message: {
            channel,
            sendKey: intent.sendKey,
            to: recipient.to,
            title: subject,
            body: await render('body', stringField(config, 'body') ?? ''),
            data,
          },
        };
      }
      case 'webhook':
        return await composeWebhook(intent, config, settings, render);
      default:
        return refused('', '', `unsupported channel "${String(channel)}"`);
    }
  } catch (err) {
    if (err instanceof Refused) return refused(recipient.ok ? recipient.to : '', subject, err.message);
    throw err;
  }
}

async function composeWebhook(
  intent: SendIntentMessage,
  config: Record<string, unknown>,
  settings: ComposeSettings,
  render: (field: string, source: string) => Promise<string>,
): Promise<Composed> {
  const urlSource = stringField(config, 'url');
  if (urlSource === undefined) return refused('', '', 'call_webhook node has no url');
  const url = (await render('url', urlSource)).trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refused(url, '', `url "${url}" is not a valid absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return refused(url, '', `url must be http or https, got ${parsed.protocol}`);
  const method = config.method === undefined ? 'POST' : config.method;
  if (method !== 'POST' && method !== 'PUT') return refused(url, '', 'method must be POST or PUT');
  const headers: Record<string, string> = {};
  const rawHeaders = config.headers;
  if (rawHeaders && typeof rawHeaders === 'object' && !Array.isArray(rawHeaders)) {
    for (const [name, value] of Object.entries(rawHeaders)) {
      if (typeof value !== 'string') return refused(url, '', `header ${name} must be a string`);
      headers[name] = oneLine(await render(`headers.${name}`, value));
    }
  }
  const bodySource = stringField(config, 'body');
  const body =
    bodySource !== undefined
      ? await render('body', bodySource)
      : JSON.stringify({
          sendKey: intent.sendKey,
          journeyId: intent.journeyId,
          instanceId: intent.instanceId,
          nodeId: intent.nodeId,
          customerId: intent.customerId,
          customer: intent.customer ?? {},
          context: intent.context ?? {},
        });
  const timeoutMs = Math.min(
    numberField(config, 'timeoutMs') ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    settings.maxWebhookTimeoutMs,
  );
  const retries = numberField(config, 'retries') ?? DEFAULT_WEBHOOK_RETRIES;
  return {
    ok: true,
    message: { channel: 'webhook', sendKey: intent.sendKey, to: url, method, headers, body, timeoutMs },
    maxAttempts: Math.max(0, Math.min(10, Math.floor(retries))) + 1,
  };
}

function refused(to: string, subject: string, detail: string): Composed {
  return { ok: false, to, subject, detail };
}

// Providers whose delivery reports our gateway verifies and routes (/v1/webhooks/<provider>/<ws>).
const CALLBACK_PROVIDERS = new Set(['twilio', 'messagebird']);

function callback(settings: ComposeSettings, provider: string | undefined, workspaceId: string) {
  if (!settings.statusCallbackBase || !provider || !CALLBACK_PROVIDERS.has(provider)) return {};
  const base = settings.statusCallbackBase.replace(/\/+$/, '');
  return { statusCallbackUrl: `${base}/v1/webhooks/${provider}/${encodeURIComponent(workspaceId)}` };
}

/** The entry event's properties, when the instance was entered by an event. */
function eventOf(context: Record<string, unknown> | undefined): Record<string, unknown> {
  const event = context?.event;
  return event && typeof event === 'object' && !Array.isArray(event)
    ? (event as Record<string, unknown>)
    : {};
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** Until templates are stored (a later issue), a node without a body still says what it was. */
function defaultText(template: string | undefined): string {
  return template ? `This is the "${template}" message.` : 'This message has no content.';
}

function stringField(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function numberField(config: Record<string, unknown>, key: string): number | undefined {
  const value = config[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
