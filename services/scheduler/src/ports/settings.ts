/** The tuning the use cases read (from the service config). */
export interface TimerSettings {
  horizonMs: number;
  batchSize: number;
}

export const TIMER_SETTINGS = Symbol('TimerSettings');
