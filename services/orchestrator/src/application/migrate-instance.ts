import { migrateInstance, resolveMapping } from '@kalcifer/journey';
import type { Logger } from '@kalcifer/platform';
import type { MigrateCommandMessage } from '../ports/migrate-command';
import type { ItemOutcome, MigrationRecord, MigrationStore } from '../ports/migration-store';
import type { ApplySignal, Transition, TransitionInput } from './apply-signal';
import type { JourneyCatalog } from './journey-catalog';

const RECORD_TTL_MS = 1_000;

type OneInstance = Omit<MigrateCommandMessage, 'instanceIds' | 'instanceId' | 'customerIds'> & {
  instanceId: string;
  /** Its customer as the fan-out saw it (a hint: the stored instance says). */
  customerId?: string;
};

interface Moved {
  kind: ItemOutcome;
  detail?: string;
}

/**
 * The migrate command consumer: moves one instance to the migration's version with the domain's
 * migrateInstance, written by the same compare-and-set + outbox path as every signal, then records
 * the instance's outcome in the migration's progress.
 */
export class MigrateInstance {
  private readonly records = new Map<string, { at: number; record: Promise<MigrationRecord | null> }>();

  constructor(
    private readonly applySignal: ApplySignal,
    private readonly catalog: JourneyCatalog,
    private readonly migrations: MigrationStore,
    private readonly logger: Logger,
  ) {}

  /**
   * Every instance of a command, concurrently (their reads and writes are group-committed). When
   * one fails, the others still finish before the command is retried: a retry finds those moved
   * and records the same outcome again.
   */
  async execute(m: MigrateCommandMessage): Promise<ItemOutcome[]> {
    const ids = m.instanceIds ?? (m.instanceId === undefined ? [] : [m.instanceId]);
    const { customerIds, instanceIds: _ids, instanceId: _id, ...common } = m;
    const results = await Promise.allSettled(
      ids.map((instanceId, i) =>
        this.executeOne({ ...common, instanceId, customerId: customerIds?.[i] || undefined }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<ItemOutcome>).value);
  }

  private async executeOne(m: OneInstance): Promise<ItemOutcome> {
    const record = await this.record(m);
    if (!record) {
      this.logger.warn({ migrationId: m.migrationId }, 'migrate command for an unknown migration; dropped');
      return 'failed';
    }
    let detail: string | undefined;
    let outcome: ItemOutcome;
    if (record.status === 'superseded') {
      // A later version's migration takes these instances from where they are now.
      outcome = 'unchanged';
      detail = 'superseded by a later migration';
    } else {
      const to = await this.catalog.version(m.workspaceId, m.journeyId, record.toVersion);
      if (!to) throw new Error(`version ${record.toVersion} of journey ${m.journeyId} is missing`);
      const move = ({ state, version, now, facts }: TransitionInput): Transition<Moved> => {
        if (state.version > to.version)
          return { result: null, outcome: { kind: 'unchanged', detail: 'already on a later version' } };
        if (state.version === to.version) {
          // Only this migration moves enqueued instances to its version: an instance found there
          // was migrated by an earlier delivery of this message that crashed before recording it.
          const kind = state.status === 'held' ? 'held' : state.status === 'exited' ? 'exited' : 'migrated';
          return { result: null, outcome: { kind, detail: 'migrated by an earlier delivery' } };
        }
        const mapping =
          record.mapping[String(state.version)] ??
          resolveMapping(version.graph, to.graph, record.edits, record.removedNodePolicy);
        try {
          const out = migrateInstance(
            version,
            state,
            { toVersion: to, mapping, migrationId: record.id },
            now,
            facts,
          );
          if (out.kind === 'unchanged')
            return { result: null, outcome: { kind: 'unchanged', detail: out.reason } };
          return { result: out.result, outcome: { kind: out.kind } };
        } catch (err) {
          // The domain refused this instance: nothing is written, the operator sees why.
          return { result: null, outcome: { kind: 'failed', detail: (err as Error).message } };
        }
      };
      // Facts for both versions: the move may run nodes of the new one (e.g. a frequency cap).
      // The outcome is recorded beside the publish of what the move wrote: a crash before that
      // publish leaves the outbox to the sweep, and the command's redelivery records it again.
      const done = await this.applySignal.exclusive(m.instanceId, () =>
        this.applySignal.transition(m.workspaceId, m.instanceId, move, {
          factsAlsoFor: to,
          settle: (moved) =>
            this.migrations.setOutcome(m.workspaceId, m.migrationId, m.instanceId, moved.kind, moved.detail),
          customerId: m.customerId,
        }),
      );
      if (done !== 'unknown_instance') return done.outcome.kind;
      outcome = 'failed';
      detail = 'instance not found';
    }
    await this.migrations.setOutcome(m.workspaceId, m.migrationId, m.instanceId, outcome, detail);
    return outcome;
  }

  /** The migration's record, read at most once a second however many instances ask at once. */
  private record(m: OneInstance): Promise<MigrationRecord | null> {
    const cached = this.records.get(m.migrationId);
    if (cached && Date.now() - cached.at < RECORD_TTL_MS) return cached.record;
    const record = this.migrations.get(m.workspaceId, m.journeyId, m.migrationId);
    this.records.set(m.migrationId, { at: Date.now(), record });
    // A failed read is not kept: the next instance asks again.
    record.catch(() => this.records.delete(m.migrationId));
    return record;
  }
}
