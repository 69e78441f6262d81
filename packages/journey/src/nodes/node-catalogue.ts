/** The registry of node kinds the engine executes, keyed by type. */
import type { NodeType } from '../model/graph';
import { conditionNode } from './condition.node';
import { eventEntryNode } from './event-entry.node';
import { exitNode } from './exit.node';
import { goalReachedNode } from './goal-reached.node';
import { manualEntryNode } from './manual-entry.node';
import type { NodeDefinition } from './node-definition';
import { sendEmailNode } from './send-email.node';
import { waitForEventNode } from './wait-for-event.node';
import { waitUntilNode } from './wait-until.node';
import { waitNode } from './wait.node';

// The mapped type makes a missing or mistyped entry a compile error when NODE_TYPES grows.
export const NODE_CATALOGUE: { readonly [T in NodeType]: NodeDefinition<T> } = {
  manual_entry: manualEntryNode,
  event_entry: eventEntryNode,
  send_email: sendEmailNode,
  wait: waitNode,
  wait_until: waitUntilNode,
  wait_for_event: waitForEventNode,
  condition: conditionNode,
  goal_reached: goalReachedNode,
  exit: exitNode,
};

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(NODE_CATALOGUE, value);
}

export function nodeDefinition(type: NodeType): NodeDefinition {
  return NODE_CATALOGUE[type];
}

export function isEntryType(type: NodeType): boolean {
  return NODE_CATALOGUE[type].category === 'entry';
}
