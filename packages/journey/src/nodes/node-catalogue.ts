/** The registry of node kinds the engine executes, keyed by type. */
import type { NodeType } from '../model/graph';
import { abSplitNode } from './ab-split.node';
import { addTagNode } from './add-tag.node';
import { callWebhookNode } from './call-webhook.node';
import { conditionNode } from './condition.node';
import { customCodeNode } from './custom-code.node';
import { eventEntryNode } from './event-entry.node';
import { endNode } from './end.node';
import { exitNode } from './exit.node';
import { frequencyCapNode } from './frequency-cap.node';
import { goalReachedNode } from './goal-reached.node';
import { manualEntryNode } from './manual-entry.node';
import type { NodeDefinition } from './node-definition';
import { parallelNode } from './parallel.node';
import { removeTagNode } from './remove-tag.node';
import { scheduledEntryNode } from './scheduled-entry.node';
import { segmentEntryNode } from './segment-entry.node';
import { sendEmailNode } from './send-email.node';
import { sendPushNode } from './send-push.node';
import { sendSmsNode } from './send-sms.node';
import { sendWhatsappNode } from './send-whatsapp.node';
import { updateProfileNode } from './update-profile.node';
import { waitForEventNode } from './wait-for-event.node';
import { waitUntilNode } from './wait-until.node';
import { waitNode } from './wait.node';
import { webhookEntryNode } from './webhook-entry.node';

// The mapped type makes a missing or mistyped entry a compile error when NODE_TYPES grows.
export const NODE_CATALOGUE: { readonly [T in NodeType]: NodeDefinition<T> } = {
  manual_entry: manualEntryNode,
  event_entry: eventEntryNode,
  segment_entry: segmentEntryNode,
  webhook_entry: webhookEntryNode,
  scheduled_entry: scheduledEntryNode,
  send_email: sendEmailNode,
  send_sms: sendSmsNode,
  send_push: sendPushNode,
  send_whatsapp: sendWhatsappNode,
  call_webhook: callWebhookNode,
  wait: waitNode,
  wait_until: waitUntilNode,
  wait_for_event: waitForEventNode,
  condition: conditionNode,
  ab_split: abSplitNode,
  frequency_cap: frequencyCapNode,
  parallel: parallelNode,
  update_profile: updateProfileNode,
  add_tag: addTagNode,
  remove_tag: removeTagNode,
  custom_code: customCodeNode,
  goal_reached: goalReachedNode,
  exit: exitNode,
  end: endNode,
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
