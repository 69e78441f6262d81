import {
  ProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { httpCall, parseJson, statusKind } from './http-call';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** Sender: a phone number (E.164) or, for SMS, an alphanumeric sender id. */
  from?: string;
  /** Alternative to `from`: a Messaging Service. */
  messagingServiceSid?: string;
  /** Default `https://api.twilio.com`. */
  baseUrl?: string;
  timeoutMs: number;
}

// Twilio error codes that no retry can fix (invalid or unreachable number, blocked, unsubscribed).
const PERMANENT_CODES = new Set([21211, 21214, 21408, 21610, 21612, 21614, 21617, 63003, 63007]);
// Errors of our configuration, not of the message: the setting to fix, by Twilio error code.
// 21212 invalid From, 21606/21659/21660 From not a message-capable number of this account,
// 63007 no WhatsApp sender with that From; 21701-21704 the Messaging Service is unknown or empty.
const FIX_BY_CODE = new Map<number, string>([
  ...[21212, 21606, 21659, 21660, 63007].map((c): [number, string] => [c, 'settings.from']),
  ...[21701, 21702, 21703, 21704].map((c): [number, string] => [c, 'settings.messagingServiceSid']),
]);

/**
 * Twilio Programmable Messaging `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`
 * (form-encoded, Basic auth) for SMS and WhatsApp (`whatsapp:`-prefixed numbers). Twilio has
 * no idempotency key: a call of unknown outcome ends `unknown` and is not re-sent. Delivery
 * statuses come back to the `StatusCallback` URL (our gateway).
 */
export class TwilioMessageProvider implements ChannelProvider {
  readonly name = 'twilio';
  private readonly baseUrl: string;

  constructor(private readonly settings: TwilioSettings) {
    this.baseUrl = (settings.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'sms' && message.channel !== 'whatsapp') throw wrongChannel(this.name, message);
    const whatsapp = message.channel === 'whatsapp';
    const address = (n: string) => (whatsapp && !n.startsWith('whatsapp:') ? `whatsapp:${n}` : n);
    const form = new URLSearchParams({ To: address(message.to) });
    if (message.contentSid) {
      form.set('ContentSid', message.contentSid);
      form.set('ContentVariables', JSON.stringify(message.contentVariables ?? {}));
    } else form.set('Body', message.body);
    const from = message.from ?? this.settings.from;
    if (from) form.set('From', address(from));
    else if (this.settings.messagingServiceSid)
      form.set('MessagingServiceSid', this.settings.messagingServiceSid);
    else
      throw new ProviderError(
        'permanent',
        `twilio: no sender configured: set settings.from (a number in E.164) or settings.messagingServiceSid of ${providerOf(message.channel)}`,
      );
    if (message.statusCallbackUrl) form.set('StatusCallback', message.statusCallbackUrl);
    const sid = encodeURIComponent(this.settings.accountSid);
    const basic = Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`).toString('base64');
    const response = await httpCall(this.name, `${this.baseUrl}/2010-04-01/Accounts/${sid}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      timeoutMs: this.settings.timeoutMs,
    });
    const parsed = parseJson(response.text) as
      { sid?: string; code?: number; message?: string; status?: number | string } | undefined;
    if (response.status === 201 || response.status === 200) {
      if (!parsed?.sid) throw new ProviderError('ambiguous', 'twilio accepted the message without a sid');
      return { providerMessageId: parsed.sid };
    }
    const code = typeof parsed?.code === 'number' ? parsed.code : undefined;
    const reason = parsed?.message ?? (response.text.slice(0, 300) || 'no body');
    const answer = `${response.status}${code !== undefined ? `, error ${code}` : ''}: ${reason}`;
    // Refused credentials: no retry helps until someone fixes them, so say which ones.
    if (response.status === 401 || code === 20003)
      throw new ProviderError(
        'permanent',
        `twilio refused the credentials (${answer}): check credentials.accountSid and credentials.authToken of ${providerOf(message.channel)}`,
      );
    const fix = code === undefined ? undefined : FIX_BY_CODE.get(code);
    if (fix !== undefined)
      throw new ProviderError(
        'permanent',
        `twilio refused the sender (${answer}): check ${fix} of ${providerOf(message.channel)}`,
      );
    const kind = code !== undefined && PERMANENT_CODES.has(code) ? 'permanent' : statusKind(response.status);
    throw new ProviderError(
      kind,
      `twilio answered ${response.status}${code !== undefined ? ` (error ${code})` : ''}: ${reason}`,
    );
  }
}

/** Where the workspace sets what to fix: `the sms provider (PUT /v1/providers/sms)`. */
const providerOf = (channel: string) => `the ${channel} provider (PUT /v1/providers/${channel})`;
