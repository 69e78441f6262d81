import { Inject, Injectable } from '@nestjs/common';
import type { TimerFiredMessage } from '@kalcifer/contracts';
import { TIMER_INDEX, type TimerIndex } from '../ports/timer-index';
import { FIRE_PUBLISHER, type FirePublisher, type TracedFire } from '../ports/fire-publisher';
import { SCHEDULER_METRICS, type SchedulerMetrics } from '../ports/scheduler-metrics';
import { TIMER_SETTINGS, type TimerSettings } from '../ports/settings';
import { FireRecorder } from './record-fires';

export interface FireOutcome {
  claimed: number;
  /** False when Redis lost the index: the caller asks for a reload. */
  indexIntact: boolean;
  /** Set when publishing failed; the claimed timers were put back in the index. */
  error?: unknown;
}

/**
 * One poll: claim the due timers, publish them in due order, then have them marked fired.
 * Publishing comes first: a crash before the publish leaves them pending in the store (the loader
 * brings them back); a crash after it at worst publishes again, and JetStream drops the duplicate
 * by its message id `timer:<timerId>`.
 */
@Injectable()
export class FireDueTimers {
  constructor(
    @Inject(TIMER_INDEX) private readonly index: TimerIndex,
    @Inject(FIRE_PUBLISHER) private readonly publisher: FirePublisher,
    private readonly recorder: FireRecorder,
    @Inject(SCHEDULER_METRICS) private readonly metrics: SchedulerMetrics,
    @Inject(TIMER_SETTINGS) private readonly settings: TimerSettings,
  ) {}

  async execute(now = Date.now()): Promise<FireOutcome> {
    const { due, intact } = await this.index.claimDue(now, this.settings.batchSize);
    if (due.length === 0) return { claimed: 0, indexIntact: intact };

    // One firedAt per batch: every timer in it was due at or before `now`, so firedAt >= dueAt.
    const firedAt = Math.max(now, Date.now());
    const fires: TimerFiredMessage[] = due.map((t) => ({
      workspaceId: t.workspaceId,
      timerId: t.timerId,
      instanceId: t.instanceId,
      dueAt: t.dueAt,
      firedAt,
    }));
    const traced: TracedFire[] = fires.map((fire, i) => ({ fire, traceparent: due[i].traceparent }));
    try {
      await this.publisher.publish(traced);
    } catch (error) {
      await this.index.restore(due, now);
      return { claimed: due.length, indexIntact: intact, error };
    }
    for (const fire of fires) this.metrics.fireLag(fire.firedAt - fire.dueAt);
    this.recorder.record(fires);
    return { claimed: due.length, indexIntact: intact };
  }
}
