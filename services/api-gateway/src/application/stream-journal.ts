import { Inject, Injectable } from '@nestjs/common';
import { isAlertMessage, type JournalEventType, type JournalStreamMessage } from '@kalcifer/contracts';
import { JOURNAL_FEED, type JournalCursor, type JournalFeed } from '../ports/journal-feed.port';
import { JOURNEY_LOOKUP, type JourneyLookup } from '../ports/orchestrator.port';
import type { Principal } from './principal';

export interface JournalStreamFilter {
  journeyId?: string;
  /** Only these event types; absent: every type. */
  types?: JournalEventType[];
  /** The last event id the client saw (the JetStream sequence): resume after it. */
  afterSeq?: number;
}

/** One event of the live stream: a step's journal message, cut down to the requested types. */
export interface JournalStreamEvent {
  id: number;
  data: JournalStreamMessage;
}

/** GET /v1/stream: the caller's workspace's journey events, live, resumable by event id. */
@Injectable()
export class StreamJournal {
  constructor(
    @Inject(JOURNAL_FEED) private readonly feed: JournalFeed,
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
  ) {}

  /**
   * Subscribes before it returns, so whatever happens after this resolves is delivered. A journey
   * filter must name one of the workspace's journeys (else 404 journey_not_found, before anything
   * is opened): a mistyped id would otherwise stream nothing, silently.
   */
  async open(p: Principal, filter: JournalStreamFilter): Promise<JournalStream> {
    if (filter.journeyId !== undefined) await this.journeys.get(p.workspaceId, filter.journeyId);
    const cursor = await this.feed.open(p.workspaceId, {
      journeyId: filter.journeyId,
      afterSeq: filter.afterSeq,
    });
    return new JournalStream(cursor, filter.types, filter.afterSeq);
  }
}

export class JournalStream implements AsyncIterable<JournalStreamEvent> {
  constructor(
    private readonly cursor: JournalCursor,
    private readonly types: JournalEventType[] | undefined,
    private readonly afterSeq?: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<JournalStreamEvent> {
    for await (const { seq, message } of this.cursor) {
      // A step (or an alert) with none of the requested types is skipped; resuming after a later
      // id skips it too.
      const data = onlyTypes(message, this.types);
      if (data !== undefined) yield { id: seq, data };
    }
  }

  /** Events after the requested id have expired: the stream resumes at the oldest one kept. */
  get gap(): { lastEventId: number; firstAvailableId: number } | undefined {
    const first = this.cursor.firstAvailableSeq;
    return first === undefined || this.afterSeq === undefined
      ? undefined
      : { lastEventId: this.afterSeq, firstAvailableId: first };
  }

  close(): Promise<void> {
    return this.cursor.close();
  }
}

/** The message cut down to the requested types; undefined when none of its events is one. */
export function onlyTypes(
  message: JournalStreamMessage,
  types: readonly JournalEventType[] | undefined,
): JournalStreamMessage | undefined {
  if (types === undefined) return message;
  if (isAlertMessage(message)) return types.includes(message.events[0].type) ? message : undefined;
  const events = message.events.filter((e) => types.includes(e.type));
  return events.length === 0 ? undefined : { ...message, events };
}
