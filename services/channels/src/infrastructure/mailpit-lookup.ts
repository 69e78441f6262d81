import type { LookupResult } from '../ports/channel-provider';
import { messageIdOf } from './message-id';

interface MailpitSearchResult {
  messages: { ID: string; MessageID: string }[];
}

/**
 * Finds a message at Mailpit by its Message-ID (`GET /api/v1/search?query=message-id:...`).
 * Mailpit stores a message before it answers 250 to the end of DATA, so "not found" means the
 * SMTP transaction never completed and the message can be sent without making a second copy.
 * No production SMTP relay offers this; there an interrupted send stays `unknown`.
 */
export class MailpitLookup {
  constructor(
    private readonly apiUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async find(sendKey: string): Promise<LookupResult> {
    const messageId = messageIdOf(sendKey);
    const url = new URL('/api/v1/search', this.apiUrl);
    url.searchParams.set('query', `message-id:"${messageId}"`);
    url.searchParams.set('limit', '50');
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`Mailpit search answered ${res.status}`);
    const body = (await res.json()) as MailpitSearchResult;
    // The search matches substrings; only an exact Message-ID counts.
    const match = body.messages?.find((m) => m.MessageID === messageId);
    return match ? { found: true, providerMessageId: match.ID } : { found: false };
  }
}
