import { Inject, Injectable } from '@nestjs/common';
import { TIMER_STORE, type CancelResult, type TimerRef, type TimerStore } from '../ports/timer-store';
import { TIMER_INDEX, type TimerIndex } from '../ports/timer-index';
import { SCHEDULER_METRICS, type SchedulerMetrics } from '../ports/scheduler-metrics';

/**
 * Cancels a pending timer. A cancel may overtake its schedule (requests are handled concurrently):
 * then a `cancelled` record is written first, and the schedule arriving later is ignored.
 */
@Injectable()
export class CancelTimer {
  constructor(
    @Inject(TIMER_STORE) private readonly store: TimerStore,
    @Inject(TIMER_INDEX) private readonly index: TimerIndex,
    @Inject(SCHEDULER_METRICS) private readonly metrics: SchedulerMetrics,
  ) {}

  async execute(ref: TimerRef): Promise<CancelResult> {
    const result = await this.store.cancel(ref);
    if (result.outcome === 'ignored') return result;
    this.metrics.cancelled();
    await this.index.apply('remove', { ...ref, dueAt: 0 }, result.rev);
    return result;
  }
}
