/**
 * The authoritative record of every timer (MongoDB). `rev` grows with every change a request
 * makes, so that the Redis index can tell a stale write from a fresh one.
 */
export type TimerStatus = 'pending' | 'fired' | 'cancelled';

/** What identifies a timer everywhere: its workspace, its instance and its own id. */
export interface TimerRef {
  workspaceId: string;
  instanceId: string;
  timerId: string;
}

export interface TimerSpec extends TimerRef {
  tokenId: string;
  nodeId: string;
  /** Epoch milliseconds. */
  dueAt: number;
  /** W3C traceparent of the step that set the timer: its fire continues that trace. */
  traceparent?: string;
}

export type ScheduleResult =
  | { outcome: 'created' | 'rescheduled'; rev: number }
  /** Already fired or cancelled: a schedule never brings a timer back. */
  | { outcome: 'ignored'; status: TimerStatus };

export type CancelResult =
  | { outcome: 'cancelled'; rev: number }
  /** The cancel came first: a `cancelled` record now stops the schedule that follows. */
  | { outcome: 'tombstoned'; rev: number }
  | { outcome: 'ignored'; status: TimerStatus };

/** A pending timer as the index loader sees it. */
export interface PendingTimer extends TimerRef {
  dueAt: number;
  rev: number;
  traceparent?: string;
}

export interface TimerStore {
  /** Creates the collection's indexes (idempotent; called at boot). */
  init(): Promise<void>;
  schedule(timer: TimerSpec): Promise<ScheduleResult>;
  cancel(ref: TimerRef): Promise<CancelResult>;
  /** Marks pending timers of one workspace fired; returns how many changed. */
  markFired(workspaceId: string, timerIds: string[], firedAt: number): Promise<number>;
  /**
   * Pending timers of every workspace due at or before `until`, earliest first, in pages. The one
   * query not scoped by workspace: the index loader is a sweep of the whole service.
   */
  pendingDueBy(until: number, pageSize: number): AsyncIterable<PendingTimer[]>;
  ping(): Promise<boolean>;
}

export const TIMER_STORE = Symbol('TimerStore');
