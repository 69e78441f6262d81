import { status, type ClientReadableStream, type Metadata, type ServiceError } from '@grpc/grpc-js';
import type { JournalEntry, WatchGap, WatchResponse } from './generated/kalcifer/api/v1/public_api';
import { KalciferError } from './errors';
import { DEFAULT_RETRY, backoffMs, isRetryable, sleep, type RetryPolicy } from './retry';

export interface WatchOptions {
  /**
   * Reconnect after UNAVAILABLE / RESOURCE_EXHAUSTED, resuming after the last entry (default: true,
   * false when the client was made with `retry: false`).
   */
  reconnect?: boolean;
  /** Consecutive failed connection attempts before giving up (default 30, backoff up to 5 s). */
  retry?: RetryPolicy;
  /**
   * Called when the server no longer had the events right after the requested sequence (kept 7
   * days): the stream goes on at the oldest one kept.
   */
  onGap?: (gap: WatchGap) => void;
  signal?: AbortSignal;
}

type Open = (afterSequence: number | undefined, metadata: Metadata) => ClientReadableStream<WatchResponse>;

/**
 * The live journey events: `for await (const entry of stream)`. `lastSequence` is the sequence of
 * the last entry yielded: keep it to resume later (`client.watch({afterSequence})`).
 */
export class WatchStream implements AsyncIterable<JournalEntry> {
  private call?: ClientReadableStream<WatchResponse>;
  private closed = false;
  private started = false;
  lastSequence: number | undefined;
  /**
   * Resolves once the server holds the subscription (after iteration started): whatever happens
   * from then on is delivered. Rejects if the watch fails before that.
   */
  readonly subscribed: Promise<void>;
  private markSubscribed!: () => void;
  private failSubscribed!: (err: unknown) => void;

  constructor(
    private readonly open: Open,
    private readonly metadata: () => Promise<Metadata>,
    afterSequence: number | undefined,
    private readonly options: WatchOptions & { retry: RetryPolicy },
  ) {
    this.lastSequence = afterSequence;
    this.subscribed = new Promise<void>((resolve, reject) => {
      this.markSubscribed = resolve;
      this.failSubscribed = reject;
    });
    // Awaited or not: a failure before the subscription is also thrown by the iterator.
    this.subscribed.catch(() => undefined);
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Ends the stream: the iterator returns, the server drops its consumer. */
  close(): void {
    this.closed = true;
    this.call?.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<JournalEntry> {
    if (this.started) throw new Error('a WatchStream is iterated once; call client.watch() again');
    this.started = true;
    const policy = this.options.retry ?? DEFAULT_RETRY;
    let failures = 0;
    while (!this.closed) {
      try {
        this.call = this.open(this.lastSequence, await this.metadata());
        // The server sends its headers once its consumer exists (public-api.server.ts).
        this.call.once('metadata', () => this.markSubscribed());
        for await (const message of this.call as AsyncIterable<WatchResponse>) {
          failures = 0;
          if (message.gap) this.options.onGap?.(message.gap);
          if (message.entry) {
            this.lastSequence = message.entry.sequence;
            yield message.entry;
          }
          if (this.closed) return;
        }
        return;
      } catch (err) {
        if (this.closed) return;
        const error =
          err instanceof KalciferError ? err : KalciferError.fromServiceError(err as ServiceError);
        if (error.code === status.CANCELLED && this.closed) return;
        failures++;
        if (this.options.reconnect === false || !isRetryable(error) || failures >= policy.maxAttempts) {
          this.failSubscribed(error);
          throw error;
        }
        await sleep(backoffMs(policy, failures, error), this.options.signal).catch(() => undefined);
      } finally {
        this.call?.cancel();
      }
    }
  }
}
