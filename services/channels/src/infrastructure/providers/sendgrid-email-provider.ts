import {
  ProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { SENDGRID_SEND_KEY_ARG } from '../../application/ingest-provider-webhook';
import { failure, httpCall, parseAddress } from './http-call';

export interface SendGridSettings {
  apiKey: string;
  /** Default `https://api.sendgrid.com`. */
  baseUrl?: string;
  /** Overrides the worker's EMAIL_FROM. */
  from?: string;
  timeoutMs: number;
}

/** The custom arg that carries our send key into SendGrid's event webhook. */
export { SENDGRID_SEND_KEY_ARG };

/**
 * SendGrid v3 `POST /v3/mail/send`. SendGrid has no idempotency key: a call of unknown
 * outcome stays `unknown` after a crash. The send key travels as `custom_args` (echoed by the
 * event webhook) and as an `X-Kalcifer-Send-Key` header; the message id is `X-Message-Id`.
 */
export class SendGridEmailProvider implements ChannelProvider {
  readonly name = 'sendgrid';
  private readonly baseUrl: string;

  constructor(private readonly settings: SendGridSettings) {
    this.baseUrl = (settings.baseUrl ?? 'https://api.sendgrid.com').replace(/\/+$/, '');
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'email') throw wrongChannel(this.name, message);
    const content = [{ type: 'text/plain', value: message.text }];
    if (message.html !== undefined) content.push({ type: 'text/html', value: message.html });
    const body = {
      personalizations: [{ to: [{ email: message.to }] }],
      from: parseAddress(this.settings.from ?? message.from),
      subject: message.subject,
      content,
      custom_args: { [SENDGRID_SEND_KEY_ARG]: message.sendKey },
      headers: { 'X-Kalcifer-Send-Key': message.sendKey },
    };
    const response = await httpCall(this.name, `${this.baseUrl}/v3/mail/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.settings.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: this.settings.timeoutMs,
    });
    if (response.status !== 202 && response.status !== 200) {
      throw failure(this.name, response, sendGridErrors(response.text));
    }
    const id = response.headers.get('x-message-id');
    if (!id) throw new ProviderError('ambiguous', 'sendgrid accepted the message without an X-Message-Id');
    return { providerMessageId: id };
  }
}

/** `{"errors":[{"message":"...","field":"..."}]}` -> one line. */
function sendGridErrors(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { errors?: Array<{ message?: string; field?: string | null }> };
    const errors = parsed.errors ?? [];
    if (errors.length === 0) return undefined;
    return errors.map((e) => (e.field ? `${e.field}: ${e.message ?? ''}` : (e.message ?? ''))).join('; ');
  } catch {
    return undefined;
  }
}
