/** Gradual rollouts and the dry-run summary of a migration. */
import { sha256Hex } from '../hash';
import type { InstanceState } from '../model/instance';
import type { MigrationOutcome } from './migrate-instance';
import type { MappingProblem } from './node-mapping';

/** The bucket 0-99 of an instance: stable, so raising a rollout's percent only adds instances. */
export function rolloutBucket(instanceId: string): number {
  return parseInt(sha256Hex(`rollout|${instanceId}`).slice(0, 12), 16) % 100;
}

/** Gradual rollout: the instance is in the first `percent`% when its bucket is below it. */
export function inRollout(instanceId: string, percent: number): boolean {
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`rollout percent ${String(percent)} is not a number from 0 to 100`);
  }
  return rolloutBucket(instanceId) < percent;
}

export type PlannedOutcome = 'migrated' | 'exited' | 'held' | 'unchanged';

export interface MigrationPlanSummary {
  /** Instances planned. */
  total: number;
  /** Token moves grouped by old node, new node (null: exit, hold, path end) and outcome. */
  moves: Array<{ from: string; to: string | null; outcome: PlannedOutcome; count: number }>;
  /** Instances per outcome. */
  outcomes: Record<PlannedOutcome, number>;
  problems: MappingProblem[];
}

/**
 * Dry run: the planner's outcomes, counted. A migrated, exited or held instance counts each
 * token move; an unchanged one counts its tokens where they stand (from = to). Groups are in
 * order of first appearance.
 */
export function summarisePlans(
  outcomes: Array<{ before: InstanceState; outcome: MigrationOutcome }>,
): Omit<MigrationPlanSummary, 'problems'> {
  const groups = new Map<
    string,
    { from: string; to: string | null; outcome: PlannedOutcome; count: number }
  >();
  const perOutcome: Record<PlannedOutcome, number> = { migrated: 0, exited: 0, held: 0, unchanged: 0 };
  const add = (from: string, to: string | null, outcome: PlannedOutcome): void => {
    const key = JSON.stringify([from, to, outcome]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { from, to, outcome, count: 1 });
    else group.count += 1;
  };
  for (const { before, outcome } of outcomes) {
    perOutcome[outcome.kind] += 1;
    if (outcome.kind === 'unchanged') {
      for (const token of before.tokens) add(token.nodeId, token.nodeId, 'unchanged');
      continue;
    }
    for (const move of outcome.moves) add(move.from, move.to, outcome.kind);
  }
  return { total: outcomes.length, moves: [...groups.values()], outcomes: perOutcome };
}
