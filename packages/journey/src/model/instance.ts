/**
 * An instance: one customer in one journey, pinned to one version. Plain data, stored as one
 * MongoDB document by the orchestrator and updated by compare-and-set on `revision`.
 * All times are epoch milliseconds.
 */

export type InstanceStatus = 'active' | 'waiting' | 'paused' | 'held' | 'completed' | 'exited' | 'failed';

export const TERMINAL_STATUSES: readonly InstanceStatus[] = ['completed', 'exited', 'failed'];

/** What a waiting token waits for. `waitId` identifies this particular wait (one per node visit). */
export type TokenWait =
  | {
      kind: 'timer';
      waitId: string;
      timerId: string;
      startedAt: number;
      dueAt: number;
      /**
       * Why the token waits: absent for `wait`/`wait_until` (continue by `next` when due);
       * `send_window` for a channel node outside its send window (send, then continue).
       */
      purpose?: 'send_window';
      /** The node visit a deferred send belongs to (its send key), for `send_window` waits. */
      visit?: number;
    }
  | {
      kind: 'event';
      waitId: string;
      event: string;
      startedAt: number;
      /** Timeout timer; absent when the wait has no timeout. */
      timerId?: string;
      dueAt?: number;
      /** Only an event whose `properties[property]` equals `value` counts. */
      correlation?: { property: string; value: unknown };
    };

export interface Token {
  id: string;
  nodeId: string;
  /** `held`: a migration put this token aside for an operator (its node has no counterpart). */
  state: 'ready' | 'waiting' | 'held';
  wait?: TokenWait;
  /** A timer of this token came due while the instance/journey was paused: fire on resume. */
  firedWhilePaused?: boolean;
  /** Why and from where a migration holds this token; `nodeId` is then the old version's node. */
  held?: HeldToken;
}

/** A token a migration put aside for review (status `held`), until an operator releases it. */
export interface HeldToken {
  migrationId: string;
  fromVersion: number;
  /** The old version's node the token was at. */
  fromNodeId: string;
  reason: string;
  /** The instance was paused when the token was held: releasing it returns it to `paused`. */
  instanceWasPaused?: boolean;
}

/** One live migration this instance went through (rule zero and idempotency read it). */
export interface MigrationRecord {
  migrationId: string;
  fromVersion: number;
  toVersion: number;
  at: number;
}

/** One line of the customer-visible trace. */
export interface TraceEntry {
  at: number;
  type: TraceType;
  nodeId?: string;
  tokenId?: string;
  /** Human-readable detail, e.g. "took output `timeout`", "late event ignored". */
  message?: string;
  data?: Record<string, unknown>;
}

export type TraceType =
  | 'instance_started'
  | 'node_entered'
  | 'node_completed'
  | 'waiting'
  | 'send_requested'
  | 'profile_updated'
  | 'tags_changed'
  | 'branch_forked'
  | 'delivery_status'
  | 'event_received'
  | 'late_signal_ignored'
  | 'goal_reached'
  | 'paused'
  | 'resumed'
  | 'instance_completed'
  | 'instance_exited'
  | 'instance_failed'
  | 'migrated'
  | 'released';

export interface InstanceState {
  id: string;
  workspaceId: string;
  journeyId: string;
  /** The version this instance is pinned to. */
  version: number;
  customerId: string;
  status: InstanceStatus;
  /** Why the instance is exited/failed/held. */
  statusReason?: string;
  tokens: Token[];
  /** Node ids this instance has executed (rule zero of live migration). */
  executed: string[];
  /** Visit count per node id; part of every send key. */
  visits: Record<string, number>;
  /** Entry payload (the entry event's properties or the enrollment's context). */
  context: Record<string, unknown>;
  /** Number of conversions counted (the journey goal counts at most one). */
  conversions: number;
  /** Monotonic counter for deterministic token/wait ids. */
  seq: number;
  /** Ids of recently processed signals (dedupe). Bounded. */
  processedSignals: string[];
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  /** Live migrations applied to this instance, oldest first. Absent until the first one. */
  migrations?: MigrationRecord[];
}
