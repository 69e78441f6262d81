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

/**
 * Subject: profileUpdateSubject (told apart from a single update by `updates`). The profile
 * updates of many instances published at the same moment, in one message. Msg id:
 * `profile-batch:<workspaceId>:<digest of the updates' msg ids>`; each update is still applied
 * once per update id, whichever message brings it.
 */
export interface ProfileUpdateBatchMessage {
  workspaceId: string;
  updates: ProfileUpdateMessage[];
}

export const profileUpdateSubject = (workspaceId: string) => `kalcifer.${workspaceId}.signals.profile`;
export const profileUpdateFilter = 'kalcifer.*.signals.profile';

/**
 * One firing of a population entry: a `scheduled_entry` cron tick or a periodic `segment_entry`
 * evaluation. Msg id `population:<journeyId>:<nodeId>:<tickAt>`: several orchestrator replicas
 * publish the same tick, JetStream keeps one, and the enrollments it makes have deterministic ids.
 */
export interface PopulationTickMessage {
  workspaceId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  kind: 'scheduled_entry' | 'segment_entry';
  tickAt: number;
}

export const populationTickSubject = (workspaceId: string) => `kalcifer.${workspaceId}.signals.population`;
export const populationTickFilter = 'kalcifer.*.signals.population';
