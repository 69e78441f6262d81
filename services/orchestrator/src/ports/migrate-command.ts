/**
 * Instances to migrate: published by the migration fan-out in chunks of up to MIGRATE_CHUNK,
 * consumed by the orchestrator's `orchestrator-migrate` consumer (one JetStream message, one ack
 * for the chunk). Produced and consumed inside the orchestrator only. Msg id
 * `migrate:<migrationId>:<first instance id>:<count>` (the same chunk re-enqueued after a crash is
 * dropped; a different chunk of the same instances is harmless: migrating is idempotent).
 */
export interface MigrateCommandMessage {
  workspaceId: string;
  journeyId: string;
  migrationId: string;
  instanceIds?: string[];
  /**
   * The customer of each of `instanceIds`, same order (absent in commands published before it
   * existed): the customer's profile is then read beside the instance, not after it.
   */
  customerIds?: string[];
  /** One instance: the form of releases before chunks (still accepted). */
  instanceId?: string;
}

/** Instances per migrate command. */
export const MIGRATE_CHUNK = 32;

export const migrateSubject = (workspaceId: string) => `kalcifer.${workspaceId}.signals.migrate`;
export const migrateFilter = 'kalcifer.*.signals.migrate';
export const migrateMsgId = (migrationId: string, instanceIds: string[]) =>
  `migrate:${migrationId}:${instanceIds[0] ?? ''}:${instanceIds.length}`;
