import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import { Counter, type Registry } from 'prom-client';
import { ALERTS_TOKEN, STREAMS, journalFilter } from '@kalcifer/contracts';
import {
  PermanentError,
  startConsumer,
  type Bus,
  type Logger,
  type RunningConsumer,
} from '@kalcifer/platform';
import type { RecordJournalStep } from '../application/record-journal-step';
import { journalMessageSchema } from './journal-message.schema';

export const JOURNAL_DURABLE = 'analytics-journal';

/**
 * Thin transport: every journal message of every workspace to RecordJournalStep. Acked only after
 * its events are written (the platform consumer acks when the handler resolves), so a crash
 * before the write means redelivery, and the event ids make that redelivery a no-op.
 */
export class JournalConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: RunningConsumer;
  private readonly stored: Counter;
  private readonly duplicates: Counter;

  constructor(
    private readonly bus: Bus,
    private readonly record: RecordJournalStep,
    private readonly concurrency: number,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.stored = new Counter({
      name: 'kalcifer_analytics_events_stored_total',
      help: 'Journey events stored (each once)',
      registers: [registry],
    });
    this.duplicates = new Counter({
      name: 'kalcifer_analytics_events_duplicate_total',
      help: 'Journey events received again (redelivered or re-published) and skipped',
      registers: [registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startConsumer<unknown>(
      this.bus.js,
      this.bus.jsm,
      {
        stream: STREAMS.journal.name,
        durable: JOURNAL_DURABLE,
        filterSubject: journalFilter,
        concurrency: this.concurrency,
        handle: (body, msg) => this.handle(body, msg),
      },
      this.logger,
    );
  }

  /** Stops taking messages and waits for the writes in flight (before connections close). */
  async onModuleDestroy(): Promise<void> {
    await this.running?.stop();
  }

  private async handle(body: unknown, msg: JsMsg): Promise<void> {
    // Alerts share the journal (for webhooks and the live stream); they are not journey events.
    if (msg.subject.endsWith(`.journal.${ALERTS_TOKEN}`)) return;
    const parsed = journalMessageSchema.safeParse(body);
    if (!parsed.success) throw new PermanentError(`invalid journal message: ${parsed.error.message}`);
    // The orchestrator always sets a msg id; without one, the stream position is the best identity.
    const messageId = msg.headers?.get('Nats-Msg-Id') || `${STREAMS.journal.name}:${msg.seq}`;
    const outcome = await this.record.execute(parsed.data, messageId);
    this.stored.inc(outcome.stored);
    this.duplicates.inc(outcome.duplicates);
  }
}
