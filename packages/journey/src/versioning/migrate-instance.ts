/**
 * Live migration of one instance to a new version (DESIGN.md §5, SEMANTICS.md "Live migration,
 * worked"). Pure, like `step`: the same inputs give the same instance, effects and trace.
 */
import { runReadyTokens } from '../interpreter/run-tokens';
import type { PublishedVersion, StepResult } from '../interpreter/published-version';
import { settleStatus } from '../interpreter/step';
import { StepRun } from '../interpreter/step-run';
import type { Facts } from '../model/facts';
import { TERMINAL_STATUSES, type InstanceState, type Token } from '../model/instance';
import { migrateWait } from './migrate-wait';
import type { NodeMapping, RemovedNodePolicy } from './node-mapping';
import { decide, executedUnderNewIds, translate, type PlanContext, type TokenDecision } from './token-plan';

export interface MigrationSpec {
  toVersion: PublishedVersion;
  /** The resolved mapping (see `resolveMapping`); an occupied node absent from it is held. */
  mapping: NodeMapping;
  /** Recorded on the instance: migrating it again under the same id changes nothing. */
  migrationId: string;
  /**
   * For a token whose counterpart would execute a node again (rule zero) or has another type:
   * default `hold`, for an operator to decide.
   */
  conflictPolicy?: RemovedNodePolicy;
}

/**
 * How a token moved. Rules: `mapped` (same wait, nothing to change), `timer_rescheduled`,
 * `deadline_passed` (the new deadline is already past: it continued at once),
 * `event_wait_updated`, `send_window_updated`, `skip`, `path_ended` (skip found no mapped node
 * downstream), `exit`, `hold`, and for held tokens the reason they were held: `unmapped`,
 * `type_mismatch`, `moves_backwards`, `invalid_target`, `still_held`.
 */
export interface TokenMove {
  tokenId: string;
  /** The old version's node. */
  from: string;
  /** The new version's node the token was placed at; null when it exits, is held or its path ends. */
  to: string | null;
  rule: string;
}

export type MigrationOutcome =
  | { kind: 'unchanged'; reason: string }
  | { kind: 'migrated' | 'exited' | 'held'; result: StepResult; moves: TokenMove[] };

/** A migration that cannot be applied to this instance at all (a caller's mistake). */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Moves `instance` from `fromVersion` (the version it is pinned to) to `spec.toVersion`, token by
 * token: a mapped node continues at its counterpart with its wait re-read under the new config;
 * a node without counterpart follows its policy (skip: next mapped node downstream, run from
 * there; exit: "node C removed in v2"; hold: status `held`, token kept for review). Nothing
 * executed runs again, no token moves upstream of what it executed. The returned instance is on
 * `toVersion`, with one `migrated` trace line per token; the kind says how it ended up
 * (`exited` also when the new version's exit criteria or a node it ran exited it).
 * `unchanged`: already migrated by this migration, already on that version, pinned to another
 * version than `fromVersion`, or ended.
 */
export function migrateInstance(
  fromVersion: PublishedVersion,
  instance: InstanceState,
  spec: MigrationSpec,
  now: number,
  facts: Facts,
): MigrationOutcome {
  const to = spec.toVersion;
  if (to.journeyId !== instance.journeyId || fromVersion.journeyId !== instance.journeyId) {
    throw new MigrationError(
      `instance ${instance.id} belongs to journey ${instance.journeyId}; migrate it between versions of that journey (got ${fromVersion.journeyId} v${fromVersion.version} -> ${to.journeyId} v${to.version})`,
    );
  }
  const unchanged = unchangedReason(fromVersion, instance, spec);
  if (unchanged !== undefined) return { kind: 'unchanged', reason: unchanged };

  const context: PlanContext = {
    from: fromVersion.graph,
    to: to.graph,
    toVersion: to.version,
    mapping: spec.mapping,
    conflictPolicy: spec.conflictPolicy ?? 'hold',
    executed: executedUnderNewIds(instance, spec.mapping),
  };
  const decisions = instance.tokens.map((token) => ({ token, decision: decide(context, token) }));

  const run = new StepRun(to, instance, now, facts);
  const state = run.instance;
  state.version = to.version;
  state.executed = [...context.executed.keys()];
  state.visits = translatedVisits(instance.visits, spec.mapping);
  state.migrations = [
    ...(instance.migrations ?? []),
    { migrationId: spec.migrationId, fromVersion: fromVersion.version, toVersion: to.version, at: now },
  ];
  const wasPaused = state.status === 'paused';
  const moves: TokenMove[] = [];
  /** `at`: where in the trace the line belongs (before what re-reading the wait already traced). */
  const trace = (move: TokenMove, at = run.trace.length): void => {
    moves.push(move);
    const where = move.to === null ? '' : ` to v${to.version} "${move.to}"`;
    run.record('migrated', {
      nodeId: move.to ?? move.from,
      tokenId: move.tokenId,
      message: `migrated from v${fromVersion.version} "${move.from}"${where} (${move.rule})`,
      data: {
        migrationId: spec.migrationId,
        fromVersion: fromVersion.version,
        toVersion: to.version,
        ...move,
      },
    });
    run.trace.splice(at, 0, run.trace.pop()!);
  };
  if (instance.tokens.length === 0) {
    run.record('migrated', {
      message: `migrated from v${fromVersion.version} to v${to.version}`,
      data: { migrationId: spec.migrationId, fromVersion: fromVersion.version, toVersion: to.version },
    });
  }

  const exit = decisions.find(({ decision }) => decision.kind === 'exit');
  if (exit !== undefined) {
    // An exit on any branch exits the whole instance, cancelling every pending timer.
    for (const { token } of decisions)
      trace({ tokenId: token.id, from: token.nodeId, to: null, rule: 'exit' });
    run.exit((exit.decision as Extract<TokenDecision, { kind: 'exit' }>).reason, exit.token.nodeId);
    return finish(run, moves);
  }
  // The new version's exit criteria may already hold: leave before anything is sent.
  if (run.exitCriteriaEnded()) {
    for (const { token } of decisions)
      trace({ tokenId: token.id, from: token.nodeId, to: null, rule: 'exit' });
    return finish(run, moves);
  }

  let heldReason: string | undefined;
  for (const { token: original, decision } of decisions) {
    const token = state.tokens.find((candidate) => candidate.id === original.id);
    if (token === undefined) continue;
    const from = original.nodeId;
    switch (decision.kind) {
      case 'map': {
        token.nodeId = decision.to;
        const node = run.node(decision.to)!;
        const at = run.trace.length;
        const rule = token.state === 'waiting' ? migrateWait(run, token, node) : 'mapped';
        trace({ tokenId: token.id, from, to: decision.to, rule }, at);
        break;
      }
      case 'skip':
        leaveWait(run, token);
        token.nodeId = decision.to;
        token.state = 'ready';
        trace({ tokenId: token.id, from, to: decision.to, rule: 'skip' });
        break;
      case 'path_ended':
        leaveWait(run, token);
        run.removeToken(token);
        trace({ tokenId: token.id, from, to: null, rule: 'path_ended' });
        break;
      case 'hold':
        if (token.state !== 'held') {
          leaveWait(run, token);
          token.state = 'held';
          token.held = {
            migrationId: spec.migrationId,
            fromVersion: fromVersion.version,
            fromNodeId: from,
            reason: decision.reason,
            ...(wasPaused ? { instanceWasPaused: true } : {}),
          };
        }
        heldReason ??= decision.reason;
        trace({ tokenId: token.id, from, to: null, rule: decision.rule });
        break;
      case 'exit':
        break; // handled above
    }
  }
  if (heldReason !== undefined) {
    state.status = 'held';
    state.statusReason = heldReason;
  }
  runReadyTokens(run);
  return finish(run, moves);
}

function unchangedReason(
  fromVersion: PublishedVersion,
  instance: InstanceState,
  spec: MigrationSpec,
): string | undefined {
  if ((instance.migrations ?? []).some((record) => record.migrationId === spec.migrationId)) {
    return `already migrated by migration ${spec.migrationId}`;
  }
  if (TERMINAL_STATUSES.includes(instance.status)) return `the instance has ${instance.status}`;
  if (instance.version === spec.toVersion.version) return `already on version ${instance.version}`;
  if (instance.version !== fromVersion.version) {
    return `the instance is on version ${instance.version}, not ${fromVersion.version}`;
  }
  return undefined;
}

/** A token leaves its wait: its timer is cancelled so it never fires for the old node. */
function leaveWait(run: StepRun, token: Token): void {
  if (token.wait?.timerId !== undefined) run.cancelTimer(token.wait.timerId);
  delete token.wait;
  delete token.firedWhilePaused;
}

/** Visit counts under the new ids; merged nodes add up, so no send key can repeat. */
function translatedVisits(visits: Record<string, number>, mapping: NodeMapping): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [oldId, count] of Object.entries(visits)) {
    const newId = translate(mapping, oldId);
    result[newId] = (result[newId] ?? 0) + count;
  }
  return result;
}

function finish(run: StepRun, moves: TokenMove[]): MigrationOutcome {
  settleStatus(run);
  run.instance.updatedAt = run.now;
  const result: StepResult = { instance: run.instance, effects: run.effects, trace: run.trace };
  const status = run.instance.status;
  const kind = status === 'exited' ? 'exited' : status === 'held' ? 'held' : 'migrated';
  return { kind, result, moves };
}
