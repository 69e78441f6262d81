import {
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { failure, httpCall } from './http-call';

/**
 * call_webhook: POST/PUT to the user's URL with the node's headers and an
 * `Idempotency-Key: <sendKey>` header. Idempotent by contract: a timeout or a broken
 * connection is retried with the same key (the receiver drops the copy), so it is `retryable`;
 * 408, 429 and 5xx are retried with backoff; any other 4xx fails at once.
 */
export class HttpWebhookProvider implements ChannelProvider {
  readonly name = 'http';
  readonly idempotent = true;

  /**
   * `allowPrivateTargets`: the workspace's setting (webhook provider settings); off, a URL whose
   * host resolves to a private, loopback or link-local address fails at once (SSRF).
   */
  constructor(private readonly options: { allowPrivateTargets?: boolean } = {}) {}

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'webhook') throw wrongChannel(this.name, message);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...lowerCased(message.headers),
    };
    headers['idempotency-key'] = message.sendKey;
    headers['x-kalcifer-send-key'] = message.sendKey;
    headers['user-agent'] = 'Kalcifer-Webhook/1';
    const response = await httpCall(
      this.name,
      message.to,
      {
        method: message.method,
        headers,
        body: message.body,
        timeoutMs: message.timeoutMs,
        target: { allowPrivate: this.options.allowPrivateTargets === true },
      },
      'retryable',
    );
    if (response.status < 200 || response.status >= 300) throw failure(`webhook ${message.to}`, response);
    return {
      providerMessageId: response.headers.get('x-request-id') ?? `http-${response.status}-${message.sendKey}`,
    };
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
