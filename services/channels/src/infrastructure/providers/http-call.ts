import { guardedHttpRequest, OutboundTargetError, type TargetPolicy } from '@kalcifer/platform';
import { ProviderError, type ProviderFailureKind } from '../../ports/channel-provider';

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpCall {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /**
   * A user-configured URL (call_webhook): only where the policy allows (no private targets by
   * default), connected to the address that was checked.
   */
  target?: TargetPolicy;
}

// Errors of node's fetch (undici) that happen before a request left: nothing was transmitted.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * One HTTP call to a provider, bounded by a timeout. A failure to connect is `retryable`; a
 * connection that broke or timed out after the request left is `ambiguous` (`onTimeout` lets
 * providers with an idempotency key treat it as retryable).
 */
export async function httpCall(
  provider: string,
  url: string,
  call: HttpCall,
  onTimeout: ProviderFailureKind = 'ambiguous',
): Promise<HttpResponse> {
  if (call.target) return guardedCall(provider, url, call, call.target, onTimeout);
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    const code = causeCode(err);
    if (code && NOT_SENT.has(code))
      throw new ProviderError('retryable', `${provider}: cannot connect (${code})`, { cause: err });
    if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError')
      throw new ProviderError(onTimeout, `${provider}: no answer within ${call.timeoutMs} ms`, {
        cause: err,
      });
    throw new ProviderError(onTimeout, `${provider}: request broke (${code ?? (err as Error).message})`, {
      cause: err,
    });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw new ProviderError(onTimeout, `${provider}: answer broke off (${(err as Error).message})`, {
      cause: err,
    });
  }
  return { status: response.status, headers: response.headers, text };
}

async function guardedCall(
  provider: string,
  url: string,
  call: HttpCall,
  target: TargetPolicy,
  onTimeout: ProviderFailureKind,
): Promise<HttpResponse> {
  try {
    return await guardedHttpRequest(url, call, target);
  } catch (err) {
    if (err instanceof OutboundTargetError)
      throw new ProviderError('permanent', `${provider}: target refused: ${err.message}`, { cause: err });
    const code = causeCode(err);
    if (code && NOT_SENT.has(code))
      throw new ProviderError('retryable', `${provider}: cannot connect (${code})`, { cause: err });
    if ((err as Error).name === 'TimeoutError')
      throw new ProviderError(onTimeout, `${provider}: no answer within ${call.timeoutMs} ms`, {
        cause: err,
      });
    throw new ProviderError(onTimeout, `${provider}: request broke (${code ?? (err as Error).message})`, {
      cause: err,
    });
  }
}

/** 408, 429 and 5xx: the provider did not take the message now, try later; other 4xx: never. */
export function statusKind(status: number): ProviderFailureKind {
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

export function failure(provider: string, response: HttpResponse, reason?: string): ProviderError {
  const detail = reason ?? (response.text.slice(0, 300) || 'no body');
  return new ProviderError(statusKind(response.status), `${provider} answered ${response.status}: ${detail}`);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `Shop <shop@example.com>` -> `{ email, name }`. */
export function parseAddress(value: string): { email: string; name?: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return { email: value.trim() };
  const name = match[1]?.trim();
  return { email: (match[2] ?? '').trim(), ...(name ? { name } : {}) };
}
