import type { JourneyEventType } from '@kalcifer/contracts';
import type { WorkspaceScoped } from '@kalcifer/platform';
import type { FirstEntries } from '../domain/funnel';
import type { JourneyEventRecord } from '../domain/journey-event-record';

/** One journey's events in [fromMs, toMs); an absent end is open. */
export type JourneyRange = WorkspaceScoped<{ journeyId: string; fromMs?: number; toMs?: number }>;

/** A node of one version: its visits in the range, and the time spent of those that exited. */
export interface NodeVisits {
  nodeId: string;
  version: number;
  entered: number;
  exited: number;
  /** Exit minus entry of each visit that exited in the range (ms). */
  durationsMs: number[];
}

/** A node of one version: visits entered in the range whose instance ended there. */
export interface EndedVisits {
  nodeId: string;
  version: number;
  ended: number;
}

export interface InsertOutcome {
  stored: number;
  /** Records that were stored already (a redelivery or a re-publish). */
  duplicates: number;
}

export interface JourneyEventStore {
  /** Stores each record once by its id; records stored before are skipped, not an error. */
  insert(records: JourneyEventRecord[]): Promise<InsertOutcome>;
  /** How many events of each type happened in the range. */
  countByType(
    range: JourneyRange,
    types: readonly JourneyEventType[],
  ): Promise<Map<JourneyEventType, number>>;
  /** Distinct instances with a goal.reached in the range. */
  countConverted(range: JourneyRange): Promise<number>;
  /**
   * Per node and version: node.entered in the range, node.exited in the range, and the time
   * spent of each visit (a token's entry paired with its exit of the same node) that exited in
   * the range. The version of a visit is the one it entered in.
   */
  nodeVisits(range: JourneyRange): Promise<NodeVisits[]>;
  /**
   * Per node and version: visits entered in the range that have no node.exited and whose
   * instance exited or failed in the range (the customer left the journey while at the node).
   */
  endedVisits(range: JourneyRange): Promise<EndedVisits[]>;
  /** Per instance that entered a node of `nodeIds` in the range: its first entry into each. */
  firstEntries(range: JourneyRange, nodeIds: readonly string[]): Promise<FirstEntries[]>;
}

export const JOURNEY_EVENT_STORE = Symbol('JourneyEventStore');
