import { inRollout } from '@kalcifer/journey';
import type { Logger } from '@kalcifer/platform';
import type { InstanceStore } from '../ports/instance-store';
import type { MessageBus } from '../ports/message-bus';
import {
  MIGRATE_CHUNK,
  migrateMsgId,
  migrateSubject,
  type MigrateCommandMessage,
} from '../ports/migrate-command';
import type { MigrationRecord, MigrationStore } from '../ports/migration-store';

const PAGE = 1_000;

/**
 * Enqueues the instances that a migration takes up as migrate commands (chunks of MIGRATE_CHUNK). Restartable from any
 * point: items are recorded before their messages go out (an item recorded twice stays one item),
 * every still-`enqueued` item is re-published (JetStream drops the same msg id within its window,
 * and a migrated instance is `unchanged` anyway), and `enqueuedPercent` moves only at the end.
 */
export class MigrationFanOut {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly instances: InstanceStore,
    private readonly migrations: MigrationStore,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {}

  /** Runs the fan-out of `record` unless this process already runs it; resolves when done. */
  run(record: MigrationRecord): Promise<void> {
    const current = this.running.get(record.id);
    if (current) return current;
    const work = this.fanOut(record).finally(() => this.running.delete(record.id));
    this.running.set(record.id, work);
    return work;
  }

  private async fanOut(record: MigrationRecord): Promise<void> {
    const { workspaceId, journeyId, id: migrationId, percent } = record;
    // Ids and versions only: the instances' states are read by the migrate commands.
    for await (const page of this.instances.openVersionsInJourney(workspaceId, journeyId, PAGE)) {
      const ids = page
        .filter((s) => s.version < record.toVersion && inRollout(s.id, percent))
        .map((s) => s.id);
      await this.migrations.addItems(workspaceId, migrationId, ids);
    }
    let published = 0;
    for await (const pending of this.migrations.pendingItems(workspaceId, migrationId, PAGE)) {
      const messages = [];
      for (let i = 0; i < pending.length; i += MIGRATE_CHUNK) {
        const instanceIds = pending.slice(i, i + MIGRATE_CHUNK);
        const body: MigrateCommandMessage = { workspaceId, journeyId, migrationId, instanceIds };
        messages.push({
          subject: migrateSubject(workspaceId),
          msgId: migrateMsgId(migrationId, instanceIds),
          body,
        });
      }
      await this.bus.publish(messages);
      published += pending.length;
    }
    let latest: MigrationRecord | null = record;
    while (latest && latest.enqueuedPercent < percent) {
      if (await this.migrations.update(latest, { enqueuedPercent: percent })) break;
      latest = await this.migrations.get(workspaceId, journeyId, migrationId);
    }
    this.logger.info({ migrationId, percent, published }, 'migration fan-out done');
  }
}
