import type { SegmentClient } from '../ports/segment-client';

/**
 * `POST <url>` with `{ workspaceId, customerId, attributes }`; the service answers
 * `{ "member": true|false }`. Anything else (timeout, non-2xx, another shape) is an error: the
 * customer is not entered on a guess.
 */
export class HttpSegmentClient implements SegmentClient {
  constructor(private readonly timeoutMs: number) {}

  async isMember(
    url: string,
    request: { workspaceId: string; customerId: string; attributes: Record<string, unknown> },
  ): Promise<boolean> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`segment service ${url} answered HTTP ${res.status}`);
    const body = (await res.json()) as { member?: unknown };
    if (typeof body.member !== 'boolean')
      throw new Error(`segment service ${url} must answer {"member": true|false}`);
    return body.member;
  }
}
