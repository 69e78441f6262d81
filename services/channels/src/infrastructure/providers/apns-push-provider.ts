import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import {
  ProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { signJwt } from './jwt';

export interface ApnsSettings {
  /** The .p8 signing key (PEM). */
  privateKey: string;
  keyId: string;
  teamId: string;
  /** The app's bundle id. */
  topic: string;
  /** Default `https://api.push.apple.com` (`https://api.sandbox.push.apple.com` for development). */
  baseUrl?: string;
  timeoutMs: number;
}

// Apple refuses provider tokens older than an hour and throttles ones refreshed more than every 20 minutes.
const TOKEN_TTL_MS = 50 * 60 * 1000;
const PERMANENT_REASONS = new Set([
  'BadDeviceToken',
  'Unregistered',
  'DeviceTokenNotForTopic',
  'BadTopic',
  'TopicDisallowed',
  'PayloadTooLarge',
  'BadCollapseId',
  'BadExpirationDate',
  'MissingDeviceToken',
  'InvalidProviderToken',
]);

/** A stable UUID from the send key: APNs reports it back as `apns-id`. */
export function apnsIdOf(sendKey: string): string {
  const h = createHash('sha256').update(sendKey).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

/**
 * Apple Push Notification service over HTTP/2 (`POST /3/device/{token}`, node:http2) with a
 * provider JWT (ES256, `kid` = key id, `iss` = team id) refreshed every 50 minutes, `apns-topic`,
 * and `apns-id` = a UUID derived from the send key. APNs does not deduplicate by apns-id: a call
 * of unknown outcome ends `unknown`.
 */
export class ApnsPushProvider implements ChannelProvider {
  readonly name = 'apns';
  private readonly key: KeyObject;
  private readonly baseUrl: string;
  private session?: http2.ClientHttp2Session;
  /** Sessions that completed their connection: before that, nothing can have reached APNs. */
  private readonly connected = new WeakSet<http2.ClientHttp2Session>();
  private token?: { value: string; issuedAt: number };

  constructor(
    private readonly settings: ApnsSettings,
    private readonly now: () => number = Date.now,
  ) {
    try {
      this.key = createPrivateKey(settings.privateKey);
    } catch {
      throw new ProviderError('permanent', 'apns: privateKey is not a PEM private key (the .p8 file)');
    }
    this.baseUrl = (settings.baseUrl ?? 'https://api.push.apple.com').replace(/\/+$/, '');
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'push') throw wrongChannel(this.name, message);
    const apnsId = apnsIdOf(message.sendKey);
    const payload = JSON.stringify({
      aps: { alert: { title: message.title, body: message.body } },
      ...message.data,
      kalcifer_send_key: message.sendKey,
    });
    const { status, headers, body } = await this.post(
      `/3/device/${encodeURIComponent(message.to)}`,
      payload,
      {
        authorization: `bearer ${this.providerToken()}`,
        'apns-topic': this.settings.topic,
        'apns-id': apnsId,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'content-type': 'application/json',
      },
    );
    if (status === 200) return { providerMessageId: String(headers['apns-id'] ?? apnsId) };
    let reason = '';
    try {
      reason = (JSON.parse(body) as { reason?: string }).reason ?? '';
    } catch {
      reason = body.slice(0, 200);
    }
    if (reason === 'ExpiredProviderToken') this.token = undefined;
    const kind =
      PERMANENT_REASONS.has(reason) || (status >= 400 && status < 500 && status !== 429 && status !== 403)
        ? 'permanent'
        : 'retryable';
    // 410 Unregistered: the device token is no longer active for the topic (app removed).
    throw new ProviderError(
      kind,
      `apns answered ${status}${reason ? ` (${reason})` : ''}`,
      status === 410 ? { recipientInvalid: reason || 'Unregistered' } : {},
    );
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session && !session.closed) await new Promise<void>((resolve) => session.close(() => resolve()));
  }

  private providerToken(): string {
    if (this.token && this.now() - this.token.issuedAt < TOKEN_TTL_MS) return this.token.value;
    const issuedAt = this.now();
    const value = signJwt(
      'ES256',
      { kid: this.settings.keyId },
      { iss: this.settings.teamId, iat: Math.floor(issuedAt / 1000) },
      this.key,
    );
    this.token = { value, issuedAt };
    return value;
  }

  private connection(): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = http2.connect(this.baseUrl);
    session.once('connect', () => this.connected.add(session));
    session.on('error', () => {
      // A broken session is replaced on the next send; the stream's own error reports the failure.
      if (this.session === session) this.session = undefined;
    });
    session.on('close', () => {
      if (this.session === session) this.session = undefined;
    });
    session.unref();
    this.session = session;
    return session;
  }

  private post(
    path: string,
    payload: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      let session: http2.ClientHttp2Session;
      try {
        session = this.connection();
      } catch (err) {
        reject(new ProviderError('retryable', `apns: cannot connect (${(err as Error).message})`));
        return;
      }
      let responded = false;
      const stream = session.request({ ':method': 'POST', ':path': path, ...headers });
      stream.setTimeout(this.settings.timeoutMs, () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new ProviderError('ambiguous', `apns: no answer within ${this.settings.timeoutMs} ms`));
      });
      let status = 0;
      let responseHeaders: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => {
        responded = true;
        status = Number(h[':status'] ?? 0);
        responseHeaders = h;
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () =>
        resolve({ status, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') }),
      );
      stream.on('error', (err: NodeJS.ErrnoException) => {
        const notSent = !responded && !this.connected.has(session);
        reject(
          new ProviderError(notSent ? 'retryable' : 'ambiguous', `apns: ${err.code ?? err.message}`, {
            cause: err,
          }),
        );
      });
      stream.end(payload);
    });
  }
}
