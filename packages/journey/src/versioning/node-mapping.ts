/**
 * The node mapping of a migration: which new node each old node continues at, or what happens
 * to a customer standing on an old node that has no counterpart. Checked before anything moves.
 */
import type { JourneyGraph, JourneyNode } from '../model/graph';
import { isEntryType } from '../nodes';
import { descendantsOf, dominatorsOf } from './graph-reach';
import { proposeMapping } from './propose-mapping';

export const REMOVED_NODE_POLICIES = ['skip', 'exit', 'hold'] as const;
/**
 * For a token on an old node without counterpart: `skip` to the next mapped node downstream and
 * run it, `exit` the instance, or `hold` the instance for an operator to release.
 */
export type RemovedNodePolicy = (typeof REMOVED_NODE_POLICIES)[number];

/** old node id -> new node id, or a policy for an old node that has no counterpart. */
export type NodeMapping = Record<string, string | { policy: RemovedNodePolicy }>;

export interface MappingProblem {
  code:
    | 'unknown_old_node'
    | 'unknown_new_node'
    | 'type_mismatch'
    | 'unmapped_occupied_node'
    | 'invalid_policy'
    | 'maps_to_entry'
    | 'moves_backwards'
    | (string & {});
  /** The old node the problem is about (the mapping's key). */
  nodeId: string;
  message: string;
}

export function isRemovedNodePolicy(value: unknown): value is RemovedNodePolicy {
  return typeof value === 'string' && (REMOVED_NODE_POLICIES as readonly string[]).includes(value);
}

/**
 * The final mapping: the proposal, overridden by the user's edits, with `defaultPolicy` for every
 * old node still without counterpart (without a default they stay absent, which
 * `validateMapping` reports for occupied nodes).
 */
export function resolveMapping(
  from: JourneyGraph,
  to: JourneyGraph,
  edits: NodeMapping | undefined,
  defaultPolicy?: RemovedNodePolicy,
): NodeMapping {
  const resolved: NodeMapping = { ...proposeMapping(from, to).mapping, ...(edits ?? {}) };
  if (defaultPolicy !== undefined) {
    for (const node of from.nodes) resolved[node.id] ??= { policy: defaultPolicy };
  }
  return resolved;
}

/**
 * Everything wrong with a mapping, each naming the old node and saying what to fix; empty when
 * the migration may run. `occupied`: old node ids where some instance has a token now.
 *
 * - `unknown_old_node` / `unknown_new_node`: a key not in the old graph, a target not in the new.
 * - `invalid_policy`: a value that is neither a new node id nor `{ policy: skip|exit|hold }`
 *   (also for an invalid `defaultPolicy`, reported on node id `*`).
 * - `maps_to_entry`: a non-entry node mapped to an entry node (customers enter there, never move there).
 * - `type_mismatch`: an occupied node mapped to a node of another type (a wait cannot become
 *   an event wait under a waiting customer): map it to a node of its type, or give a policy.
 * - `unmapped_occupied_node`: an occupied node with neither counterpart nor policy.
 * - `moves_backwards`: an occupied node mapped to a new node that lies at or before the
 *   counterpart of a node every customer there has already executed (rule zero).
 */
export function validateMapping(
  from: JourneyGraph,
  to: JourneyGraph,
  mapping: NodeMapping,
  occupied: ReadonlySet<string>,
  defaultPolicy?: RemovedNodePolicy,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const oldNodes = new Map(from.nodes.map((node) => [node.id, node]));
  const newNodes = new Map(to.nodes.map((node) => [node.id, node]));
  if (defaultPolicy !== undefined && !isRemovedNodePolicy(defaultPolicy)) {
    problems.push({
      code: 'invalid_policy',
      nodeId: '*',
      message: `the removed-node policy ${JSON.stringify(defaultPolicy)} is not one of skip, exit, hold`,
    });
  }
  for (const [oldId, target] of Object.entries(mapping)) {
    const oldNode = oldNodes.get(oldId);
    if (oldNode === undefined) {
      problems.push({
        code: 'unknown_old_node',
        nodeId: oldId,
        message: `the mapping names node "${oldId}", which the old version does not have; remove it or fix the id`,
      });
      continue;
    }
    if (typeof target !== 'string') {
      if (!isPolicyValue(target)) {
        problems.push({
          code: 'invalid_policy',
          nodeId: oldId,
          message: `node "${oldId}" maps to ${JSON.stringify(target)}; use a node id of the new version or { "policy": "skip" | "exit" | "hold" }`,
        });
      }
      continue;
    }
    const newNode = newNodes.get(target);
    if (newNode === undefined) {
      problems.push({
        code: 'unknown_new_node',
        nodeId: oldId,
        message: `node "${oldId}" maps to "${target}", which the new version does not have; map it to one of its nodes or give a policy`,
      });
      continue;
    }
    problems.push(...targetProblems(from, to, mapping, oldNode, newNode, occupied.has(oldId)));
  }
  for (const oldId of occupied) {
    if (!oldNodes.has(oldId) || mapping[oldId] !== undefined || defaultPolicy !== undefined) continue;
    problems.push({
      code: 'unmapped_occupied_node',
      nodeId: oldId,
      message: `customers are at node "${oldId}", which has no counterpart in the new version; map it to a new node or give it a policy (skip, exit or hold)`,
    });
  }
  return problems;
}

function isPolicyValue(value: unknown): value is { policy: RemovedNodePolicy } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    isRemovedNodePolicy((value as { policy?: unknown }).policy)
  );
}

function targetProblems(
  from: JourneyGraph,
  to: JourneyGraph,
  mapping: NodeMapping,
  oldNode: JourneyNode,
  newNode: JourneyNode,
  occupied: boolean,
): MappingProblem[] {
  const oldId = oldNode.id;
  if (isEntryType(newNode.type) && !isEntryType(oldNode.type)) {
    return [
      {
        code: 'maps_to_entry',
        nodeId: oldId,
        message: `node "${oldId}" (${oldNode.type}) maps to entry node "${newNode.id}"; customers only enter there, so map it to a later node or give a policy`,
      },
    ];
  }
  if (!occupied) return [];
  if (oldNode.type !== newNode.type) {
    return [
      {
        code: 'type_mismatch',
        nodeId: oldId,
        message: `customers are at node "${oldId}" (${oldNode.type}), which maps to "${newNode.id}" of type ${newNode.type}; map it to a ${oldNode.type} node or give it a policy (skip, exit or hold)`,
      },
    ];
  }
  const ahead = descendantsOf(to, newNode.id);
  for (const before of dominatorsOf(from, oldId)) {
    const counterpart = mapping[before];
    if (typeof counterpart !== 'string') continue;
    if (counterpart === newNode.id || ahead.has(counterpart)) {
      return [
        {
          code: 'moves_backwards',
          nodeId: oldId,
          message: `customers at node "${oldId}" have already executed "${before}", whose counterpart "${counterpart}" is at or after "${newNode.id}" in the new version; map "${oldId}" to a node after "${counterpart}" or give it a policy`,
        },
      ];
    }
  }
  return [];
}
