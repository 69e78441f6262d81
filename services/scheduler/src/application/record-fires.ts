import { Inject, Injectable } from '@nestjs/common';
import type { TimerFiredMessage } from '@kalcifer/contracts';
import { TIMER_STORE, type TimerStore } from '../ports/timer-store';
import { SCHEDULER_METRICS, type SchedulerMetrics } from '../ports/scheduler-metrics';
import { LOGGER, type Logger } from '../ports/logger';

/** Beyond this many unrecorded fires (store down for long) the oldest are forgotten: see below. */
const MAX_QUEUED = 200_000;
const RETRY_MS = 1_000;

/**
 * Marks published timers `fired` in the store, off the firing path: the poller never waits for
 * MongoDB. What accumulated while the previous write ran goes out as one update per workspace;
 * when that spans several polls, the record keeps the latest of their firedAt (never earlier than
 * the real fire, so never before dueAt), while each published message carries its exact firedAt.
 * A fire whose mark is lost (crash, or the queue overflowing while the store is down) is still
 * `pending` in the store: the loader re-adds it and it is published again under the same message
 * id, which JetStream drops as a duplicate.
 */
@Injectable()
export class FireRecorder {
  private queue: TimerFiredMessage[] = [];
  private inFlight = 0;
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(TIMER_STORE) private readonly store: TimerStore,
    @Inject(SCHEDULER_METRICS) private readonly metrics: SchedulerMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  record(fires: TimerFiredMessage[]): void {
    this.queue.push(...fires);
    if (this.queue.length > MAX_QUEUED) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUED);
      this.logger.warn(
        { dropped: dropped.length },
        'fire marks dropped; those timers will be published again',
      );
    }
    if (!this.stopped) this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
  }

  /** Fires published but not yet marked in the store. */
  get backlog(): number {
    return this.queue.length + this.inFlight;
  }

  /**
   * Waits up to `timeoutMs` for every recorded fire to be marked, then stops retrying (the store
   * connection is about to close). Returns how many were left unmarked.
   */
  async stop(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.flushing && Date.now() < deadline) {
      await Promise.race([this.flushing, sleep(Math.min(100, Math.max(1, deadline - Date.now())))]);
    }
    this.stopped = true;
    return this.backlog;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue;
      this.queue = [];
      this.inFlight = batch.length;
      const failed: TimerFiredMessage[] = [];
      for (const group of groupByWorkspace(batch)) {
        try {
          if (this.stopped) throw new Error('stopped');
          const timerIds = group.map((f) => f.timerId);
          const firedAt = group.reduce((latest, f) => Math.max(latest, f.firedAt), 0);
          this.metrics.fired(await this.store.markFired(group[0].workspaceId, timerIds, firedAt));
        } catch (err) {
          if (!this.stopped)
            this.logger.warn({ err, count: group.length }, 'marking fired timers failed; will retry');
          failed.push(...group);
        }
      }
      this.queue.unshift(...failed);
      this.inFlight = 0;
      if (failed.length > 0 && !this.stopped) await sleep(RETRY_MS);
    }
  }
}
function groupByWorkspace(fires: TimerFiredMessage[]): TimerFiredMessage[][] {
  const groups = new Map<string, TimerFiredMessage[]>();
  for (const fire of fires) {
    const group = groups.get(fire.workspaceId);
    if (group) group.push(fire);
    else groups.set(fire.workspaceId, [fire]);
  }
  return [...groups.values()];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
