import type { JourneyEventType } from '@kalcifer/contracts';
import type { WorkspaceScoped } from '@kalcifer/platform';
import type { FirstEntries } from '../domain/funnel';
import type { JourneyEventRecord } from '../domain/journey-event-record';
import type { TimeHistogram } from '../domain/time-histogram';

/** One journey's events in [fromMs, toMs); an absent end is open. */
export type JourneyRange = WorkspaceScoped<{ journeyId: string; fromMs?: number; toMs?: number }>;

/** A node of one version: its visits in the range, and the time spent of those that exited. */
export interface NodeVisits {
  nodeId: string;
  version: number;
  entered: number;
  exited: number;
  /** Exit minus entry of the visits that exited in the range (ms), as a histogram. */
  time: TimeHistogram;
}

/** A node of one version: visits entered in the range whose instance ended there. */
export interface EndedVisits {
  nodeId: string;
  version: number;
  ended: number;
  /** Of `ended`: those whose instance failed there (journey.failed). */
  failed: number;
}

/** One variant of an ab_split node: instances that passed it in the range, and those that converted. */
export interface VariantOutcome {
  nodeId: string;
  variant: string;
  entered: number;
  converted: number;
}

export interface InsertOutcome {
  stored: number;
  /** Records that were stored already (a redelivery or a re-publish). */
  duplicates: number;
}

export interface JourneyEventStore {
  /**
   * Stores each record once by its id; records stored before are skipped, not an error. The
   * per-node counters take each newly stored record once.
   */
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
   * the range. The version of a visit is the one it entered in. Read from the per-node counters
   * (and the events of the range's ragged ends), not from every event.
   */
  nodeVisits(range: JourneyRange): Promise<NodeVisits[]>;
  /**
   * Per node and version: visits entered in the range that have no node.exited and whose
   * instance exited or failed in the range (the customer left the journey while at the node).
   */
  endedVisits(range: JourneyRange): Promise<EndedVisits[]>;
  /**
   * Per split node and variant: instances that left the node by `variant:<name>` in the range,
   * and of those the ones with a goal.reached at or after that exit (before the range's end).
   */
  variantOutcomes(range: JourneyRange): Promise<VariantOutcome[]>;
  /** Per instance that entered a node of `nodeIds` in the range: its first entry into each. */
  firstEntries(range: JourneyRange, nodeIds: readonly string[]): Promise<FirstEntries[]>;
}

export const JOURNEY_EVENT_STORE = Symbol('JourneyEventStore');
