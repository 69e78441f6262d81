import type { JetStreamClient } from '@nats-io/jetstream';
import {
  profileUpdateSubject,
  subjects,
  type CustomerChangedBatchMessage,
  type CustomerChangedMessage,
  type ProfileUpdateBatchMessage,
  type ProfileUpdateMessage,
  type TimerCancelMessage,
  type TimerRequestBatchMessage,
  type TimerScheduleMessage,
} from '@kalcifer/contracts';
import { GroupCommit, batchMsgId, publishAll, publishJson, type OutgoingMessage } from '@kalcifer/platform';
import type { MessageBus } from '../ports/message-bus';
import type { PromJourneyMetrics } from './prom-journey-metrics';

/** Requests in one batch message at most. */
export const TIMER_BATCH_MAX = 500;

/**
 * The kinds of message that may travel many to a message: each kind's batch body and subject.
 * Their receivers handle every item of a batch idempotently on its own, as they do single ones.
 */
const FAMILIES = {
  /** `kalcifer.<ws>.timers.schedule|cancel` -> `kalcifer.<ws>.timers.batch`. */
  timers: {
    prefix: 'timer-batch',
    subject: (ws: string) => subjects.timerBatch(ws),
    body(workspaceId: string, items: OutgoingMessage[]): TimerRequestBatchMessage {
      const batch: TimerRequestBatchMessage = { workspaceId, schedule: [], cancel: [] };
      for (const item of items)
        if (item.subject.endsWith('.schedule')) batch.schedule.push(item.body as TimerScheduleMessage);
        else batch.cancel.push(item.body as TimerCancelMessage);
      return batch;
    },
  },
  /** `kalcifer.<ws>.signals.profile`, batch told apart by `updates`. */
  profile: {
    prefix: 'profile-batch',
    subject: (ws: string) => profileUpdateSubject(ws),
    body: (workspaceId: string, items: OutgoingMessage[]): ProfileUpdateBatchMessage => ({
      workspaceId,
      updates: items.map((i) => i.body as ProfileUpdateMessage),
    }),
  },
  /** `kalcifer.<ws>.signals.customer`, batch told apart by `changes`. */
  customer: {
    prefix: 'customer-batch',
    subject: (ws: string) => subjects.customerChanged(ws),
    body: (workspaceId: string, items: OutgoingMessage[]): CustomerChangedBatchMessage => ({
      workspaceId,
      changes: items.map((i) => i.body as CustomerChangedMessage),
    }),
  },
} as const;

type Family = keyof typeof FAMILIES;

/** The family of a subject, if its messages may be batched. */
export function batchFamily(subject: string): Family | undefined {
  const parts = subject.split('.');
  if (parts.length !== 4 || parts[0] !== 'kalcifer') return undefined;
  const [, , area, kind] = parts;
  if (area === 'timers') return kind === 'schedule' || kind === 'cancel' ? 'timers' : undefined;
  if (area === 'signals')
    return kind === 'profile' ? 'profile' : kind === 'customer' ? 'customer' : undefined;
  return undefined;
}

/**
 * Publishes outbox messages to JetStream. Timer requests, profile updates and "customer changed"
 * announcements (several per step of a typical journey) that are published while earlier ones of
 * their kind are in flight leave together, one batch message per kind and workspace: a burst of
 * enrollments or a migration costs the bus one publish per batch instead of one per message. A
 * message that finds nothing of its kind in flight goes alone, as it is, with its own msg id.
 */
export class NatsMessageBus implements MessageBus {
  private readonly batchers = Object.fromEntries(
    (Object.keys(FAMILIES) as Family[]).map((family) => [
      family,
      new GroupCommit<OutgoingMessage, void>((items) => this.publishBatch(family, items), {
        maxBatch: TIMER_BATCH_MAX,
        parallel: 2,
      }),
    ]),
  ) as Record<Family, GroupCommit<OutgoingMessage, void>>;

  constructor(
    private readonly js: JetStreamClient,
    private readonly metrics?: PromJourneyMetrics,
  ) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const others: OutgoingMessage[] = [];
    const batched: Promise<void>[] = [];
    for (const m of messages) {
      const family = batchFamily(m.subject);
      if (family) batched.push(this.batchers[family].submit(m));
      else others.push(m);
    }
    await Promise.all([others.length > 0 ? publishAll(this.js, others) : undefined, ...batched]);
    this.metrics?.count(messages);
  }

  private async publishBatch(family: Family, items: OutgoingMessage[]): Promise<Array<void | Error>> {
    const [only] = items;
    if (only && items.length === 1) {
      await publishJson(this.js, only);
      return [undefined];
    }
    const byWorkspace = new Map<string, number[]>();
    items.forEach((item, i) => {
      const ws = item.subject.split('.')[1] ?? '';
      const list = byWorkspace.get(ws);
      if (list) list.push(i);
      else byWorkspace.set(ws, [i]);
    });
    const spec = FAMILIES[family];
    const results: Array<void | Error> = items.map(() => undefined);
    await Promise.all(
      [...byWorkspace].map(async ([workspaceId, indexes]) => {
        const members = indexes.map((i) => items[i]);
        try {
          await publishJson(this.js, {
            subject: spec.subject(workspaceId),
            msgId: batchMsgId(
              spec.prefix,
              workspaceId,
              members.map((m) => m.msgId),
            ),
            body: spec.body(workspaceId, members),
          });
        } catch (err) {
          for (const i of indexes) results[i] = err instanceof Error ? err : new Error(String(err));
        }
      }),
    );
    return results;
  }
}
