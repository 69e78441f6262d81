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
    // Ids and versions only: the instances' states are read by the migrate commands. Every id is
    // read before the first command goes out: a cursor over the instances while the migration
    // rewrites them could miss a document the server moves behind it.
    const ids: string[] = [];
    const customers = new Map<string, string>();
    for await (const page of this.instances.openVersionsInJourney(workspaceId, journeyId, PAGE))
      for (const s of page)
        if (s.version < record.toVersion && inRollout(s.id, percent)) {
          ids.push(s.id);
          customers.set(s.id, s.customerId);
        }
    // Then page by page, recorded before published, so that the first instances move while later
    // pages are recorded (at 30,000 instances, recording them all first held the migration ~8 s).
    for (let i = 0; i < ids.length; i += PAGE) {
      const page = ids.slice(i, i + PAGE);
      await this.migrations.addItems(workspaceId, migrationId, page);
      await this.publish(workspaceId, journeyId, migrationId, page, customers);
    }
    const publishedHere = new Set(ids);
    let published = ids.length;
    // Items an interrupted earlier fan-out recorded whose instances this pass did not meet (they
    // ended since, say): still enqueued, so published too, or the migration would never finish.
    for await (const pending of this.migrations.pendingItems(workspaceId, migrationId, PAGE)) {
      const rest = pending.filter((id) => !publishedHere.has(id));
      await this.publish(workspaceId, journeyId, migrationId, rest);
      published += rest.length;
    }
    let latest: MigrationRecord | null = record;
    while (latest && latest.enqueuedPercent < percent) {
      if (await this.migrations.update(latest, { enqueuedPercent: percent })) break;
      latest = await this.migrations.get(workspaceId, journeyId, migrationId);
    }
    this.logger.info({ migrationId, percent, published }, 'migration fan-out done');
  }

  /** Migrate commands for `instanceIds` (with their customers when known), MIGRATE_CHUNK a message. */
  private async publish(
    workspaceId: string,
    journeyId: string,
    migrationId: string,
    instanceIds: string[],
    customers?: Map<string, string>,
  ): Promise<void> {
    const messages = [];
    for (let i = 0; i < instanceIds.length; i += MIGRATE_CHUNK) {
      const chunk = instanceIds.slice(i, i + MIGRATE_CHUNK);
      const customerIds = customers && chunk.map((id) => customers.get(id) ?? '');
      const body: MigrateCommandMessage = {
        workspaceId,
        journeyId,
        migrationId,
        instanceIds: chunk,
        ...(customerIds && { customerIds }),
      };
      messages.push({ subject: migrateSubject(workspaceId), msgId: migrateMsgId(migrationId, chunk), body });
    }
    if (messages.length > 0) await this.bus.publish(messages);
  }
}
