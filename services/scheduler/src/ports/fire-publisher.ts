import type { TimerFiredMessage } from '@kalcifer/contracts';

/** A fire to publish, and the trace it continues (of the step that set the timer), if known. */
export interface TracedFire {
  fire: TimerFiredMessage;
  traceparent?: string;
}

export interface FirePublisher {
  /** Publishes in the given order; resolves once JetStream stored every message. */
  publish(fires: TracedFire[]): Promise<void>;
  ping(): Promise<boolean>;
}

export const FIRE_PUBLISHER = Symbol('FirePublisher');
