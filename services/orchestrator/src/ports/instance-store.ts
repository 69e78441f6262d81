import type { InstanceState, InstanceStatus, TraceEntry } from '@kalcifer/journey';
import type { OutgoingMessage } from '@kalcifer/platform';
import type { OpenInstanceRef } from './open-instance-index';

/** An outbox entry: a fully formed message, published after the instance write (DESIGN.md §3). */
export type OutboxEntry = OutgoingMessage;

export interface InstanceRecord {
  state: InstanceState;
  revision: number;
  outbox: OutboxEntry[];
}

export interface StoredTraceEntry extends TraceEntry {
  instanceId: string;
  journeyId: string;
  version: number;
}

export interface InstanceStore {
  /** Inserts a new instance at revision 1; false when that id exists already. */
  insert(state: InstanceState, outbox: OutboxEntry[], trace: TraceEntry[]): Promise<boolean>;
  get(workspaceId: string, instanceId: string): Promise<InstanceRecord | null>;
  /** Compare-and-set on revision: writes state, outbox and appends trace; false on conflict. */
  update(
    workspaceId: string,
    instanceId: string,
    expectedRevision: number,
    state: InstanceState,
    outbox: OutboxEntry[],
    trace: TraceEntry[],
  ): Promise<boolean>;
  /** Clears the outbox once published, unless a newer revision took it over. */
  clearOutbox(workspaceId: string, instanceId: string, revision: number): Promise<void>;
  /** Instances with an outbox older than `olderThan` (crash between write and publish). */
  findWithPendingOutbox(olderThan: Date, limit: number): Promise<InstanceRecord[]>;
  /** Ids of the customer's instances that are not ended. */
  findOpenForCustomer(workspaceId: string, customerId: string): Promise<string[]>;
  findOpenForCustomerInJourney(
    workspaceId: string,
    journeyId: string,
    customerId: string,
  ): Promise<string | null>;
  findOpenForJourney(workspaceId: string, journeyId: string): Promise<string[]>;
  /**
   * Open instances of the journey with their state, in batches of up to `batchSize` (a migration's
   * dry run), each once even while they are being written.
   */
  openInJourney(workspaceId: string, journeyId: string, batchSize: number): AsyncIterable<InstanceRecord[]>;
  /**
   * Open instances of the journey as id and version only, in batches (a migration's fan-out), each
   * once even while they are being written.
   */
  openVersionsInJourney(
    workspaceId: string,
    journeyId: string,
    batchSize: number,
  ): AsyncIterable<Array<{ id: string; version: number; customerId: string }>>;
  /** Number of open instances per version number of the journey. */
  openPerVersion(workspaceId: string, journeyId: string): Promise<Record<string, number>>;
  /** Where the journey's open instances stand: counts per version, and per node of each version. */
  occupancy(workspaceId: string, journeyId: string): Promise<Occupancy>;
  /** Statuses of every instance the customer ever had in the journey (re-entry policies). */
  statusesInJourney(workspaceId: string, journeyId: string, customerId: string): Promise<InstanceStatus[]>;
  /** Every open instance of every workspace, in id order (rebuilding the open-instance index). */
  listOpen(afterId: string | undefined, limit: number): Promise<OpenInstanceRef[]>;
  list(
    workspaceId: string,
    query: { journeyId?: string; customerId?: string; status?: string; limit: number; cursor?: string },
  ): Promise<{ items: InstanceRecord[]; nextCursor?: string }>;
  traceOf(workspaceId: string, instanceId: string): Promise<StoredTraceEntry[]>;
  traceOfCustomer(workspaceId: string, customerId: string): Promise<StoredTraceEntry[]>;
}

export const INSTANCE_STORE = Symbol('InstanceStore');

export interface Occupancy {
  /** Open instances per version number. */
  perVersion: Record<string, number>;
  /**
   * Per version number, the open instances standing on each node (only nodes with at least one):
   * an instance with tokens on several nodes (parallel branches) counts once at each of them.
   */
  nodes: Map<number, Map<string, number>>;
}
