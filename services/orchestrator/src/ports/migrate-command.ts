/**
 * One instance to migrate: published by the migration fan-out, consumed by the orchestrator's
 * `orchestrator-migrate` consumer. Produced and consumed inside the orchestrator only.
 * Msg id `migrate:<migrationId>:<instanceId>` (a re-enqueue after a crash is dropped).
 */
export interface MigrateCommandMessage {
  workspaceId: string;
  journeyId: string;
  migrationId: string;
  instanceId: string;
}

export const migrateSubject = (workspaceId: string) => `kalcifer.${workspaceId}.signals.migrate`;
export const migrateFilter = 'kalcifer.*.signals.migrate';
export const migrateMsgId = (migrationId: string, instanceId: string) =>
  `migrate:${migrationId}:${instanceId}`;
