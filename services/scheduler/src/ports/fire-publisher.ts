import type { TimerFiredMessage } from '@kalcifer/contracts';

export interface FirePublisher {
  /** Publishes in the given order; resolves once JetStream stored every message. */
  publish(fires: TimerFiredMessage[]): Promise<void>;
  ping(): Promise<boolean>;
}

export const FIRE_PUBLISHER = Symbol('FirePublisher');
