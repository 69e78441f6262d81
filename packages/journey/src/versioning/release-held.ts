/** An operator releases an instance a migration held: to a node of its version, or out. */
import { handleSignal } from '../interpreter/handle-signal';
import type { PublishedVersion, StepResult } from '../interpreter/published-version';
import { PROCESSED_SIGNALS_KEPT, settleStatus } from '../interpreter/step';
import { StepRun } from '../interpreter/step-run';
import type { Facts } from '../model/facts';
import type { InstanceState } from '../model/instance';
import { isEntryType } from '../nodes';
import { descendantsOf } from './graph-reach';

export type ReleaseTarget = { nodeId: string; tokenId?: string } | { exit: true; reason?: string };

export type HeldReleaseErrorCode =
  | 'not_held'
  | 'wrong_version'
  | 'unknown_node'
  | 'entry_node'
  | 'node_already_executed'
  | 'moves_backwards'
  | 'unknown_token'
  | 'ambiguous_token';

/** A release that cannot be done; nothing changed. The message says what to fix. */
export class HeldReleaseError extends Error {
  constructor(
    readonly code: HeldReleaseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HeldReleaseError';
  }
}

/**
 * Releases a held instance. `{ nodeId }`: the held token (the only one, or `tokenId`) continues
 * at that node of `version` (the instance's version) and runs from there, as `step` would; the
 * node must not have been executed nor lie before an executed node (rule zero). `{ exit: true }`:
 * the instance exits with the reason. When no token is held any more, the instance resumes (or
 * returns to `paused` if it was paused when held): timers that came due meanwhile fire.
 * A `signalId` already processed changes nothing. Throws `HeldReleaseError` for bad targets.
 */
export function releaseHeld(
  version: PublishedVersion,
  instance: InstanceState,
  target: ReleaseTarget,
  now: number,
  facts: Facts,
  signalId: string,
): StepResult {
  if (instance.processedSignals.includes(signalId)) return { instance, effects: [], trace: [] };
  if (instance.status !== 'held') {
    throw new HeldReleaseError(
      'not_held',
      `instance ${instance.id} is ${instance.status}, not held; only held instances can be released`,
    );
  }
  if (version.version !== instance.version || version.journeyId !== instance.journeyId) {
    throw new HeldReleaseError(
      'wrong_version',
      `instance ${instance.id} is on ${instance.journeyId} v${instance.version}; release it with that version, not ${version.journeyId} v${version.version}`,
    );
  }
  const run = new StepRun(version, instance, now, facts);
  const state = run.instance;
  state.processedSignals = [...state.processedSignals, signalId].slice(-PROCESSED_SIGNALS_KEPT);

  if ('exit' in target) {
    const reason = target.reason ?? 'exited by an operator after a migration hold';
    run.record('released', { message: `released by an operator: exit (${reason})` });
    run.exit(reason);
    state.updatedAt = now;
    return { instance: state, effects: run.effects, trace: run.trace };
  }

  const held = state.tokens.filter((token) => token.state === 'held');
  const token =
    target.tokenId === undefined ? held[0] : held.find((candidate) => candidate.id === target.tokenId);
  if (token === undefined) {
    throw new HeldReleaseError(
      'unknown_token',
      `instance ${instance.id} holds no token ${String(target.tokenId)}; held tokens: ${held.map((t) => t.id).join(', ')}`,
    );
  }
  if (target.tokenId === undefined && held.length > 1) {
    throw new HeldReleaseError(
      'ambiguous_token',
      `instance ${instance.id} holds ${held.length} tokens (${held.map((t) => `${t.id} at "${t.nodeId}"`).join(', ')}); say which one with tokenId`,
    );
  }
  checkTarget(version, instance, target.nodeId);
  const wasPaused = token.held?.instanceWasPaused === true;
  run.record('released', {
    nodeId: target.nodeId,
    tokenId: token.id,
    message: `released by an operator from "${token.nodeId}" to "${target.nodeId}"`,
    data: { fromNodeId: token.nodeId, toNodeId: target.nodeId, migrationId: token.held?.migrationId },
  });
  token.nodeId = target.nodeId;
  token.state = 'ready';
  delete token.held;
  if (!state.tokens.some((candidate) => candidate.state === 'held')) {
    delete state.statusReason;
    if (wasPaused) state.status = 'paused';
    else {
      state.status = 'active';
      // Exactly what resuming does: exit criteria first, then timers that came due, then run.
      handleSignal(run, { kind: 'resume', id: signalId });
    }
  }
  settleStatus(run);
  state.updatedAt = now;
  return { instance: state, effects: run.effects, trace: run.trace };
}

function checkTarget(version: PublishedVersion, instance: InstanceState, nodeId: string): void {
  const node = version.graph.nodes.find((candidate) => candidate.id === nodeId);
  if (node === undefined) {
    throw new HeldReleaseError(
      'unknown_node',
      `version ${version.version} has no node "${nodeId}"; release to one of its nodes or exit`,
    );
  }
  if (isEntryType(node.type)) {
    throw new HeldReleaseError(
      'entry_node',
      `"${nodeId}" is an entry node; release to a node after the entry`,
    );
  }
  if (instance.executed.includes(nodeId)) {
    throw new HeldReleaseError(
      'node_already_executed',
      `the instance has already executed "${nodeId}", which never runs twice; release to a later node or exit`,
    );
  }
  const again = [...descendantsOf(version.graph, nodeId)].find((id) => instance.executed.includes(id));
  if (again !== undefined) {
    throw new HeldReleaseError(
      'moves_backwards',
      `"${nodeId}" lies before "${again}", which the instance has already executed; release to a node after it or exit`,
    );
  }
}
