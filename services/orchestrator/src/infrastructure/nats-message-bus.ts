import { createHash } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import {
  subjects,
  type TimerCancelMessage,
  type TimerRequestBatchMessage,
  type TimerScheduleMessage,
} from '@kalcifer/contracts';
import { GroupCommit, publishAll, publishJson, type OutgoingMessage } from '@kalcifer/platform';
import type { MessageBus } from '../ports/message-bus';
import type { PromJourneyMetrics } from './prom-journey-metrics';

/** Timer requests in one batch message at most. */
export const TIMER_BATCH_MAX = 500;

/**
 * Publishes outbox messages to JetStream. Timer requests (one per wait of every step) that are
 * published while earlier ones are in flight leave together as one `TimerRequestBatchMessage` per
 * workspace: a burst of enrollments or a migration costs the bus one publish per batch instead
 * of one per timer. A timer request that finds nothing in flight goes alone, as before.
 */
export class NatsMessageBus implements MessageBus {
  private readonly timers = new GroupCommit<OutgoingMessage, void>((items) => this.publishTimers(items), {
    maxBatch: TIMER_BATCH_MAX,
    parallel: 2,
  });

  constructor(
    private readonly js: JetStreamClient,
    private readonly metrics?: PromJourneyMetrics,
  ) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const timers: OutgoingMessage[] = [];
    const others: OutgoingMessage[] = [];
    for (const m of messages) (timerRequestKind(m.subject) ? timers : others).push(m);
    await Promise.all([
      others.length > 0 ? publishAll(this.js, others) : undefined,
      ...timers.map((t) => this.timers.submit(t)),
    ]);
    this.metrics?.count(messages);
  }

  private async publishTimers(items: OutgoingMessage[]): Promise<Array<void | Error>> {
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
    const results: Array<void | Error> = items.map(() => undefined);
    await Promise.all(
      [...byWorkspace].map(async ([workspaceId, indexes]) => {
        const batch: TimerRequestBatchMessage = { workspaceId, schedule: [], cancel: [] };
        const digest = createHash('sha256');
        for (const i of indexes) {
          const item = items[i];
          if (timerRequestKind(item.subject) === 'schedule')
            batch.schedule.push(item.body as TimerScheduleMessage);
          else batch.cancel.push(item.body as TimerCancelMessage);
          digest.update(item.msgId).update('\n');
        }
        try {
          await publishJson(this.js, {
            subject: subjects.timerBatch(workspaceId),
            msgId: `timer-batch:${workspaceId}:${digest.digest('base64url').slice(0, 22)}`,
            body: batch,
          });
        } catch (err) {
          for (const i of indexes) results[i] = err instanceof Error ? err : new Error(String(err));
        }
      }),
    );
    return results;
  }
}

/** `kalcifer.<ws>.timers.schedule` or `.cancel`: the requests that may travel in a batch. */
function timerRequestKind(subject: string): 'schedule' | 'cancel' | undefined {
  const parts = subject.split('.');
  if (parts.length !== 4 || parts[0] !== 'kalcifer' || parts[2] !== 'timers') return undefined;
  return parts[3] === 'schedule' || parts[3] === 'cancel' ? parts[3] : undefined;
}
