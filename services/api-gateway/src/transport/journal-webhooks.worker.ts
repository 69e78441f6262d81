import { STREAMS, journalFilter, type JournalStreamMessage } from '@kalcifer/contracts';
import { startConsumer, type Bus, type Logger, type RunningConsumer } from '@kalcifer/platform';
import type { DispatchWebhooks } from '../application/dispatch-webhooks';
import type { FanOutJournal } from '../application/fan-out-journal';

export interface WebhookWorkerOptions {
  concurrency: number;
  pollMs: number;
}

/**
 * Outbound webhooks in the background of the gateway: a durable consumer of the journal turns
 * each message into pending deliveries (acknowledged once stored), and `concurrency` loops send
 * whatever is due. Several gateways share the consumer and the deliveries (claimed with a lease).
 */
export class JournalWebhooksWorker {
  private consumer?: RunningConsumer;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly fanOut: FanOutJournal,
    private readonly dispatch: DispatchWebhooks,
    private readonly options: WebhookWorkerOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.consumer = await startConsumer<JournalStreamMessage>(
      this.bus.js,
      this.bus.jsm,
      {
        stream: STREAMS.journal.name,
        durable: 'gateway-webhooks',
        filterSubject: journalFilter,
        concurrency: 16,
        handle: async (message, msg) => {
          const publishedAt = new Date(Math.floor(msg.info.timestampNanos / 1_000_000));
          if ((await this.fanOut.handle(msg.seq, publishedAt, message)) > 0) this.kick();
        },
      },
      this.logger,
    );
    this.loops = Array.from({ length: this.options.concurrency }, (_, i) => this.loop(i === 0));
  }

  private kick(): void {
    const waiting = this.wake;
    this.wake = [];
    waiting.forEach((w) => w());
  }

  /**
   * Sends until nothing is due, then waits. Only the first loop looks again by itself (every
   * WEBHOOK_POLL_MS, for retries coming due): an idle gateway costs one query per poll, not one
   * per loop. New deliveries, or a poll that finds work, wake the others.
   */
  private async loop(polls: boolean): Promise<void> {
    while (!this.stopped) {
      let sent = false;
      try {
        sent = await this.dispatch.dispatchOne();
      } catch (err) {
        this.logger.warn({ err }, 'webhook dispatch failed; trying again');
      }
      if (sent && polls) this.kick();
      if (!sent && !this.stopped)
        await new Promise<void>((resolve) => {
          const timer = polls ? setTimeout(resolve, this.options.pollMs) : undefined;
          this.wake.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await this.consumer?.stop();
    await Promise.all(this.loops);
  }
}
