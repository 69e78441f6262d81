export interface SchedulerMetrics {
  scheduled(count?: number): void;
  cancelled(count?: number): void;
  /** Timers that went from pending to fired in the store. */
  fired(count: number): void;
  /** firedAt - dueAt of a published fire, in milliseconds. */
  fireLag(ms: number): void;
}

export const SCHEDULER_METRICS = Symbol('SchedulerMetrics');
