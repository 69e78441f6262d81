/**
 * Profile changes made by a journey (`update_profile`, `add_tag`, `remove_tag` nodes). They leave
 * the instance through its outbox like every other effect and are applied by the orchestrator's
 * profile consumer, once per update id, then announced as a CustomerChangedMessage.
 */

/** Subject: profileUpdateSubject. Msg id: `profile:<updateId>`. */
export interface ProfileUpdateMessage {
  workspaceId: string;
  customerId: string;
  /** The effect id: deterministic (instance, node, visit), so a replay is recognised. */
  updateId: string;
  instanceId: string;
  nodeId: string;
  set?: Record<string, unknown>;
  unset?: string[];
  increment?: Record<string, number>;
  addTags?: string[];
  removeTags?: string[];
}

export const profileUpdateSubject = (workspaceId: string) => `kalcifer.${workspaceId}.signals.profile`;
export const profileUpdateFilter = 'kalcifer.*.signals.profile';
