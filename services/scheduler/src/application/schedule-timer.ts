import { Inject, Injectable } from '@nestjs/common';
import { TIMER_STORE, type TimerSpec, type TimerStore, type ScheduleResult } from '../ports/timer-store';
import { TIMER_INDEX, type TimerIndex } from '../ports/timer-index';
import { SCHEDULER_METRICS, type SchedulerMetrics } from '../ports/scheduler-metrics';
import { TIMER_SETTINGS, type TimerSettings } from '../ports/settings';

/**
 * Records a timer (or moves a pending one to its new due time), then mirrors it in the index if it
 * comes due within the horizon. The store is written first: if we crash in between, the request is
 * redelivered, and the loader would find the timer anyway.
 */
@Injectable()
export class ScheduleTimer {
  constructor(
    @Inject(TIMER_STORE) private readonly store: TimerStore,
    @Inject(TIMER_INDEX) private readonly index: TimerIndex,
    @Inject(SCHEDULER_METRICS) private readonly metrics: SchedulerMetrics,
    @Inject(TIMER_SETTINGS) private readonly settings: TimerSettings,
  ) {}

  async execute(timer: TimerSpec, now = Date.now()): Promise<ScheduleResult> {
    const result = await this.store.schedule(timer);
    if (result.outcome === 'ignored') return result;
    if (result.outcome === 'created') this.metrics.scheduled();

    const withinHorizon = timer.dueAt <= now + this.settings.horizonMs;
    // A new far-future timer has nothing to undo in the index; a rescheduled one may have to leave it.
    if (withinHorizon || result.outcome === 'rescheduled') {
      await this.index.apply(withinHorizon ? 'add' : 'remove', timer, result.rev);
    }
    return result;
  }
}
