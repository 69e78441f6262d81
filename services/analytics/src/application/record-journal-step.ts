import type { JournalMessage } from '@kalcifer/contracts';
import { GroupCommit } from '@kalcifer/platform';
import { journeyEventRecords, type JourneyEventRecord } from '../domain/journey-event-record';
import type { InsertOutcome, JourneyEventStore } from '../ports/journey-event-store';

/**
 * Stores the journey events of one journal message, each exactly once: the records' ids come from
 * the message id, so a redelivered or re-published step adds nothing. Steps recorded at the same
 * time leave together in one unordered insert (group commit). Resolves once written: only then is
 * the message acknowledged.
 */
export class RecordJournalStep {
  private readonly batches: GroupCommit<JourneyEventRecord[], InsertOutcome>;

  constructor(private readonly store: JourneyEventStore) {
    // One write at a time: a visit's exit then finds its entry stored by the write before.
    this.batches = new GroupCommit((steps) => this.write(steps), { maxBatch: 200, parallel: 1 });
  }

  execute(message: JournalMessage, messageId: string): Promise<InsertOutcome> {
    return this.batches.submit(journeyEventRecords(message, messageId));
  }

  private async write(steps: JourneyEventRecord[][]): Promise<InsertOutcome[]> {
    const outcome = await this.store.insert(steps.flat());
    // The store counts duplicates per batch, not per step: report the batch's total once.
    return steps.map((_, i) => (i === 0 ? outcome : { stored: 0, duplicates: 0 }));
  }
}
