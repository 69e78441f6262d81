import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import { STREAMS, subjectFilters } from '@kalcifer/contracts';
import {
  KeyedMutex,
  AppError,
  PermanentError,
  startConsumer,
  type Bus,
  type Logger,
  type RunningConsumer,
} from '@kalcifer/platform';
import type { SendMessage } from '../application/send-message';
import { describeIssues, sendIntentSchema } from './send-intent.schema';

/** One durable for every channel: the channel is in the intent, the provider in the workspace's config. */
export const SENDS_DURABLE = 'channels-sends';
const MAX_BACKOFF_MS = 300_000;
// Redeliveries also come from "another worker holds the claim" rechecks, which are not attempts:
// the ledger, not JetStream, bounds provider attempts (SEND_MAX_ATTEMPTS).
const MAX_DELIVER = 1_000;

export interface SendConsumerSettings {
  concurrency: number;
  retryBackoffMs: number;
}

/** Thin transport: send intents of every channel from JetStream to the SendMessage use case. */
export class SendIntentConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sendKeyLock = new KeyedMutex();
  private running?: RunningConsumer;

  constructor(
    private readonly bus: Bus,
    private readonly sendMessage: SendMessage,
    private readonly settings: SendConsumerSettings,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startConsumer<unknown>(
      this.bus.js,
      this.bus.jsm,
      {
        stream: STREAMS.sends.name,
        durable: SENDS_DURABLE,
        filterSubject: subjectFilters.sends,
        concurrency: this.settings.concurrency,
        maxDeliver: MAX_DELIVER,
        handle: (body, msg) => this.handle(body, msg),
      },
      this.logger,
    );
  }

  /** Stops taking intents and waits for those in flight (before connections close). */
  async onModuleDestroy(): Promise<void> {
    await this.running?.stop();
  }

  private async handle(body: unknown, msg: JsMsg): Promise<void> {
    const parsed = sendIntentSchema.safeParse(body);
    if (!parsed.success) throw new PermanentError(`invalid send intent: ${describeIssues(parsed.error)}`);
    let outcome;
    try {
      // One send key at a time in this process: two at once would only conflict on the ledger's compare-and-set.
      outcome = await this.sendKeyLock.run(parsed.data.sendKey, () => this.sendMessage.execute(parsed.data));
    } catch (err) {
      if (err instanceof AppError && err.kind !== 'unavailable') throw new PermanentError(err.message);
      throw err;
    }
    if (outcome.kind === 'retry') {
      const delay = outcome.delayMs ?? this.backoff(outcome.attempt);
      this.logger.debug(
        { sendKey: parsed.data.sendKey, delay, reason: outcome.reason },
        'send intent deferred',
      );
      // The first reply to a JetStream message is final: the consumer's ack after we return is a no-op.
      msg.nak(delay);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(MAX_BACKOFF_MS, this.settings.retryBackoffMs * 2 ** Math.max(0, attempt - 1));
  }
}
