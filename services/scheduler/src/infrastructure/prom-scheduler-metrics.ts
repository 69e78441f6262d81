import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SchedulerMetrics } from '../ports/scheduler-metrics';
import type { TimerIndex } from '../ports/timer-index';

/** Prometheus metrics, served by the health server's /metrics. */
export class PromSchedulerMetrics implements SchedulerMetrics {
  private readonly scheduledTotal: Counter;
  private readonly cancelledTotal: Counter;
  private readonly firedTotal: Counter;
  private readonly lag: Histogram;

  constructor(registry: Registry, index: TimerIndex) {
    this.scheduledTotal = new Counter({
      name: 'scheduler_timers_scheduled_total',
      help: 'Timers created by a schedule request',
      registers: [registry],
    });
    this.cancelledTotal = new Counter({
      name: 'scheduler_timers_cancelled_total',
      help: 'Timers cancelled (including cancels that arrived before their schedule)',
      registers: [registry],
    });
    this.firedTotal = new Counter({
      name: 'scheduler_timers_fired_total',
      help: 'Timers marked fired in the store (each timer counts once across replicas)',
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'scheduler_timer_fire_lag_seconds',
      help: 'firedAt - dueAt of each published fire',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
    new Gauge({
      name: 'scheduler_timer_index_size',
      help: 'Timers in the Redis index (pending, due within the horizon)',
      registers: [registry],
      async collect() {
        this.set(await index.size());
      },
    });
  }

  scheduled(count = 1): void {
    this.scheduledTotal.inc(count);
  }

  cancelled(count = 1): void {
    this.cancelledTotal.inc(count);
  }

  fired(count: number): void {
    if (count > 0) this.firedTotal.inc(count);
  }

  fireLag(ms: number): void {
    this.lag.observe(ms / 1_000);
  }
}
