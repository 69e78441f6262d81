import type { JournalStreamMessage } from '@kalcifer/contracts';

/** One message of the journey journal with its position in the stream (the SSE event id). */
export interface JournalRecord {
  seq: number;
  message: JournalStreamMessage;
}

/** Journal messages in stream order, until closed. */
export interface JournalCursor extends AsyncIterable<JournalRecord> {
  /**
   * Set when the reader asked to resume after a position older than the journal keeps (7 days):
   * the oldest sequence still there, where reading starts.
   */
  firstAvailableSeq?: number;
  close(): Promise<void>;
}

/** The journey journal (KALCIFER_JOURNAL) of one workspace, read from a position. */
export interface JournalFeed {
  /**
   * Messages of the workspace (of one journey when `journeyId` is set) after sequence `afterSeq`;
   * without it, only messages published from now on.
   */
  open(workspaceId: string, from: { journeyId?: string; afterSeq?: number }): Promise<JournalCursor>;
}

export const JOURNAL_FEED = Symbol('JournalFeed');
