import type { PendingTimer, TimerRef } from './timer-store';

/** A timer taken off the index by the poller, due at `dueAt` (epoch ms). */
export interface DueTimer extends TimerRef {
  dueAt: number;
  /** The trace its fire continues (W3C traceparent of the step that set it), when known. */
  traceparent?: string;
}

export interface Claim {
  /** Due timers, earliest first; no other poller (in any process) got them. */
  due: DueTimer[];
  /** False once Redis has lost the index (restart without persistence, flush): reload it. */
  intact: boolean;
}

/**
 * The Redis index of pending timers due within the horizon. Only an index: everything in it can
 * be rebuilt from the TimerStore, so losing it loses no timer.
 */
export interface TimerIndex {
  /**
   * Applies the state a request left in the store (`rev`): `add` puts the timer in the index at
   * `dueAt`, `remove` takes it out. Ignored (false) when a newer revision was applied already.
   */
  apply(
    change: 'add' | 'remove',
    timer: TimerRef & { dueAt: number; traceparent?: string },
    rev: number,
  ): Promise<boolean>;
  claimDue(now: number, limit: number): Promise<Claim>;
  /**
   * Puts claimed timers back (their publish failed), except those a request changed after
   * `claimedAt` (a cancel must not be undone).
   */
  restore(timers: DueTimer[], claimedAt: number): Promise<number>;
  /** Starts a load; null when another loader (this process or another) holds the lease. */
  beginLoad(leaseMs: number): Promise<string | null>;
  /** Adds timers read from the store, unless a request applied a newer revision meanwhile. */
  addLoaded(
    token: string,
    timers: PendingTimer[],
    leaseMs: number,
  ): Promise<{ added: number; leaseHeld: boolean }>;
  /** Marks the index complete (if the lease survived) and forgets revisions older than `forgetBefore`. */
  finishLoad(token: string, forgetBefore: number): Promise<boolean>;
  size(): Promise<number>;
  ping(): Promise<boolean>;
}

export const TIMER_INDEX = Symbol('TimerIndex');
