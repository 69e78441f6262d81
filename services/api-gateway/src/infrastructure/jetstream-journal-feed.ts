import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import {
  STREAMS,
  journalSubject,
  workspaceJournalFilter,
  type JournalStreamMessage,
} from '@kalcifer/contracts';
import type { JournalCursor, JournalFeed, JournalRecord } from '../ports/journal-feed.port';

/**
 * An ordered consumer per reader: JetStream hands the messages in sequence order and, should a
 * message go missing on the wire, recreates the consumer from the last sequence seen, so a reader
 * sees neither a gap nor a repeat. It is deleted on the server when the reader goes.
 */
export class JetStreamJournalFeed implements JournalFeed {
  constructor(private readonly js: JetStreamClient) {}

  async open(workspaceId: string, from: { journeyId?: string; afterSeq?: number }): Promise<JournalCursor> {
    const filter =
      from.journeyId === undefined
        ? workspaceJournalFilter(workspaceId)
        : journalSubject(workspaceId, from.journeyId);
    const consumer = await this.js.consumers.get(STREAMS.journal.name, {
      filter_subjects: [filter],
      ...(from.afterSeq === undefined
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from.afterSeq + 1 }),
    });
    const messages = await consumer.consume();
    let firstAvailableSeq: number | undefined;
    if (from.afterSeq !== undefined) {
      const { state } = await (await this.js.streams.get(STREAMS.journal.name)).info();
      if (from.afterSeq + 1 < state.first_seq) firstAvailableSeq = state.first_seq;
    }
    return {
      ...(firstAvailableSeq !== undefined && { firstAvailableSeq }),
      async *[Symbol.asyncIterator](): AsyncIterator<JournalRecord> {
        for await (const msg of messages) yield { seq: msg.seq, message: msg.json<JournalStreamMessage>() };
      },
      close: async () => {
        await messages.close();
        // An ordered consumer would otherwise stay on the server until 5 minutes without reads.
        await consumer.delete().catch(() => false);
      },
    };
  }
}
