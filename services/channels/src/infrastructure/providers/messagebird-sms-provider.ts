import {
  ProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { httpCall, parseJson, statusKind } from './http-call';

export interface MessageBirdSettings {
  accessKey: string;
  /** Sender: a number or an alphanumeric id (max 11 characters). */
  originator: string;
  /** Default `https://rest.messagebird.com`. */
  baseUrl?: string;
  timeoutMs: number;
}

/**
 * MessageBird SMS `POST /messages` (`Authorization: AccessKey ...`, JSON). No idempotency key:
 * a call of unknown outcome ends `unknown`. The send key is the message `reference`, which
 * MessageBird echoes in its status reports.
 */
export class MessageBirdSmsProvider implements ChannelProvider {
  readonly name = 'messagebird';
  private readonly baseUrl: string;

  constructor(private readonly settings: MessageBirdSettings) {
    this.baseUrl = (settings.baseUrl ?? 'https://rest.messagebird.com').replace(/\/+$/, '');
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'sms') throw wrongChannel(this.name, message);
    const body = {
      recipients: [message.to.replace(/^\+/, '')],
      originator: message.from ?? this.settings.originator,
      body: message.body,
      reference: message.sendKey,
      ...(message.statusCallbackUrl ? { reportUrl: message.statusCallbackUrl } : {}),
    };
    const response = await httpCall(this.name, `${this.baseUrl}/messages`, {
      method: 'POST',
      headers: {
        authorization: `AccessKey ${this.settings.accessKey}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      timeoutMs: this.settings.timeoutMs,
    });
    const parsed = parseJson(response.text) as
      | { id?: string; errors?: Array<{ code?: number; description?: string; parameter?: string | null }> }
      | undefined;
    if (response.status === 201 || response.status === 200) {
      if (!parsed?.id) throw new ProviderError('ambiguous', 'messagebird accepted the message without an id');
      return { providerMessageId: parsed.id };
    }
    const errors = (parsed?.errors ?? [])
      .map((e) => `${e.parameter ? `${e.parameter}: ` : ''}${e.description ?? ''} (code ${e.code ?? '?'})`)
      .join('; ');
    throw new ProviderError(
      statusKind(response.status),
      `messagebird answered ${response.status}: ${errors || response.text.slice(0, 300) || 'no body'}`,
    );
  }
}
