import {
  ProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { signV4 } from './aws-sigv4';
import { httpCall, parseJson, statusKind } from './http-call';

export interface SesSettings {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Overrides the worker's EMAIL_FROM (must be a verified identity). */
  from?: string;
  configurationSetName?: string;
  /** Default `https://email.<region>.amazonaws.com`. */
  baseUrl?: string;
  timeoutMs: number;
}

// SES v2 error types that no retry fixes.
const PERMANENT_TYPES = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'AccessDeniedException',
]);

/**
 * Amazon SES v2 `POST /v2/email/outbound-emails`, signed with AWS Signature V4. SES has no
 * idempotency key: a call of unknown outcome ends `unknown`. The send key travels as the
 * `kalcifer_send_key` message tag (echoed in SES event publishing).
 */
export class SesEmailProvider implements ChannelProvider {
  readonly name = 'ses';
  private readonly baseUrl: string;

  constructor(
    private readonly settings: SesSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.baseUrl = (settings.baseUrl ?? `https://email.${settings.region}.amazonaws.com`).replace(/\/+$/, '');
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'email') throw wrongChannel(this.name, message);
    const body = JSON.stringify({
      FromEmailAddress: this.settings.from ?? message.from,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            ...(message.html !== undefined ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
          },
        },
      },
      EmailTags: [{ Name: 'kalcifer_send_key', Value: message.sendKey }],
      ...(this.settings.configurationSetName
        ? { ConfigurationSetName: this.settings.configurationSetName }
        : {}),
    });
    const url = new URL(`${this.baseUrl}/v2/email/outbound-emails`);
    const headers = signV4(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body },
      { accessKeyId: this.settings.accessKeyId, secretAccessKey: this.settings.secretAccessKey },
      this.settings.region,
      'ses',
      this.now(),
    );
    delete headers.host; // fetch sets it
    const response = await httpCall(this.name, url.toString(), {
      method: 'POST',
      headers,
      body,
      timeoutMs: this.settings.timeoutMs,
    });
    const parsed = parseJson(response.text) as
      { MessageId?: string; message?: string; __type?: string } | undefined;
    if (response.status === 200) {
      if (!parsed?.MessageId)
        throw new ProviderError('ambiguous', 'ses accepted the message without a MessageId');
      return { providerMessageId: parsed.MessageId };
    }
    const type = (response.headers.get('x-amzn-errortype') ?? parsed?.__type ?? '').split(':')[0] ?? '';
    const kind = PERMANENT_TYPES.has(type) ? 'permanent' : statusKind(response.status);
    throw new ProviderError(
      kind,
      `ses answered ${response.status}${type ? ` (${type})` : ''}: ${parsed?.message ?? (response.text.slice(0, 300) || 'no body')}`,
    );
  }
}
