/**
 * Where each token of an instance goes in the new version, decided before anything changes:
 * its node's counterpart, a policy for a node without one, or a fallback when the counterpart
 * would break rule zero (SEMANTICS.md "Live migration, worked").
 */
import type { JourneyGraph } from '../model/graph';
import type { InstanceState, Token } from '../model/instance';
import { isEntryType } from '../nodes';
import { descendantsOf, successorsOf } from './graph-reach';
import type { NodeMapping, RemovedNodePolicy } from './node-mapping';

export type TokenDecision =
  /** Continue at the counterpart, with the wait re-read under its config. */
  | { kind: 'map'; to: string }
  /** Policy skip: continue at the next mapped node downstream and run it. */
  | { kind: 'skip'; to: string }
  /** Policy skip with no mapped node downstream: the token's path ends. */
  | { kind: 'path_ended' }
  | { kind: 'exit'; reason: string }
  | { kind: 'hold'; reason: string; rule: string };

/** What the planner knows about one instance's migration. */
export interface PlanContext {
  from: JourneyGraph;
  to: JourneyGraph;
  toVersion: number;
  mapping: NodeMapping;
  /** Policy for a counterpart that breaks rule zero or changed type. */
  conflictPolicy: RemovedNodePolicy;
  /** Executed nodes under their new ids -> the old ids they were executed as. */
  executed: Map<string, Set<string>>;
}

/** The new id of an old node: its counterpart, or its own id when it has none. */
export function translate(mapping: NodeMapping, oldId: string): string {
  const target = mapping[oldId];
  return typeof target === 'string' ? target : oldId;
}

export function executedUnderNewIds(instance: InstanceState, mapping: NodeMapping): Map<string, Set<string>> {
  const executed = new Map<string, Set<string>>();
  for (const oldId of instance.executed) {
    const newId = translate(mapping, oldId);
    const sources = executed.get(newId) ?? new Set<string>();
    sources.add(oldId);
    executed.set(newId, sources);
  }
  return executed;
}

export function decide(context: PlanContext, token: Token): TokenDecision {
  const { from, to, mapping } = context;
  const oldId = token.nodeId;
  if (token.state === 'held') {
    return { kind: 'hold', reason: token.held?.reason ?? `token held at "${oldId}"`, rule: 'still_held' };
  }
  const target = mapping[oldId];
  if (target === undefined) {
    return {
      kind: 'hold',
      reason: `node ${oldId} has neither a counterpart nor a policy in v${context.toVersion}`,
      rule: 'unmapped',
    };
  }
  if (typeof target !== 'string')
    return applyPolicy(context, token, target.policy, removedReason(context, oldId));
  const oldNode = from.nodes.find((node) => node.id === oldId);
  const newNode = to.nodes.find((node) => node.id === target);
  if (
    newNode === undefined ||
    (oldNode !== undefined && !isEntryType(oldNode.type) && isEntryType(newNode.type))
  ) {
    return applyPolicy(
      context,
      token,
      context.conflictPolicy,
      `node ${oldId} maps to "${target}", which v${context.toVersion} cannot hold a customer at`,
      'invalid_target',
    );
  }
  if (token.state === 'waiting' && oldNode !== undefined && oldNode.type !== newNode.type) {
    return applyPolicy(
      context,
      token,
      context.conflictPolicy,
      `node ${oldId} (${oldNode.type}) maps to "${target}" of type ${newNode.type}`,
      'type_mismatch',
    );
  }
  const repeated = reExecuted(context, oldId, target, token.state === 'ready');
  if (repeated !== undefined) {
    return applyPolicy(
      context,
      token,
      context.conflictPolicy,
      `moving from "${oldId}" to "${target}" would execute "${repeated}" again`,
      'moves_backwards',
    );
  }
  return { kind: 'map', to: target };
}

function removedReason(context: PlanContext, oldId: string): string {
  return `node ${oldId} removed in v${context.toVersion}`;
}

function applyPolicy(
  context: PlanContext,
  token: Token,
  policy: RemovedNodePolicy,
  reason: string,
  rule: string = policy,
): TokenDecision {
  switch (policy) {
    case 'exit':
      return { kind: 'exit', reason };
    case 'hold':
      return { kind: 'hold', reason, rule };
    case 'skip':
      return skipTarget(context, token.nodeId);
  }
}

/**
 * The next mapped node downstream of `oldId` in the old graph, breadth first in edge order (the
 * nearest wins; between equally near ones, the earlier edge), whose counterpart can be run
 * without executing anything again.
 */
function skipTarget(context: PlanContext, oldId: string): TokenDecision {
  const seen = new Set<string>([oldId]);
  let frontier = [oldId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const candidate of successorsOf(context.from, id)) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        next.push(candidate);
        const target = context.mapping[candidate];
        if (typeof target !== 'string') continue;
        const newNode = context.to.nodes.find((node) => node.id === target);
        if (newNode === undefined || isEntryType(newNode.type)) continue;
        if (reExecuted(context, candidate, target, true) !== undefined) continue;
        return { kind: 'skip', to: target };
      }
    }
    frontier = next;
  }
  return { kind: 'path_ended' };
}

/**
 * A node the instance executed that a token at `newId` would reach again, when the old graph
 * would not have led the token at `oldId` there (parallel branches that rejoin may revisit a
 * node in any version; a migration must not add such visits). `self`: the token has not yet
 * run its node (ready, or placed there by a skip).
 */
export function reExecuted(
  context: PlanContext,
  oldId: string,
  newId: string,
  self: boolean,
): string | undefined {
  const ahead = descendantsOf(context.to, newId);
  const oldAhead = descendantsOf(context.from, oldId);
  const candidates = self ? [newId, ...ahead] : [...ahead];
  for (const node of candidates) {
    const sources = context.executed.get(node);
    if (sources === undefined) continue;
    const native = [...sources].some((source) => oldAhead.has(source) || (self && source === oldId));
    if (!native) return node;
  }
  return undefined;
}
