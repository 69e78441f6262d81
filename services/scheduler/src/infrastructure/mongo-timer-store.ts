import type { Connection, mongo } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { GroupCommit, KeyedMutex, PermanentError, scoped, writeErrorsByIndex } from '@kalcifer/platform';
import { InsertBatcher } from './insert-batcher';
import type {
  CancelResult,
  PendingTimer,
  ScheduleResult,
  TimerRef,
  TimerSpec,
  TimerStatus,
  TimerStore,
} from '../ports/timer-store';

/** One document per timer, `_id` = timer id. A cancel that came first leaves one without dueAt. */
interface TimerDoc {
  _id: string;
  workspaceId: string;
  instanceId: string;
  tokenId?: string;
  nodeId?: string;
  dueAt?: Date;
  /** W3C traceparent of the step that set (or last re-armed) the timer. */
  traceparent?: string;
  status: TimerStatus;
  /** 1 at creation, +1 with every change a request makes (see TimerIndex.apply). */
  rev: number;
  createdAt: Date;
  firedAt?: Date;
  cancelledAt?: Date;
  /** Stamp of the batched update that made this revision (tells a batch which of its updates won). */
  writeId?: string;
}

/** An update of one pending timer, made in a batch with others (see `updatePending`). */
interface PendingUpdate {
  ref: TimerRef;
  $set: mongo.MatchKeysAndValues<TimerDoc>;
}

export const TIMERS_COLLECTION = 'timers';
const DUPLICATE_KEY = 11000;
/** A schedule and a cancel racing on a new timer id settle within a couple of rounds. */
const MAX_ROUNDS = 4;

/**
 * The driver beneath mongoose (the timer path is hot): a new timer is an insert, batched with
 * those arriving at the same time; only repeats and cancels read. Every query carries the workspace id except the loader's sweep.
 */
export class MongoTimerStore implements TimerStore {
  private readonly timers: mongo.Collection<TimerDoc>;
  private readonly inserts: InsertBatcher<TimerDoc>;
  /**
   * One schedule/cancel of a timer at a time in this process: the server's updates are atomic, but
   * a cancel and a concurrent re-schedule of one timer would only conflict and retry.
   */
  private readonly timerLock = new KeyedMutex();
  /** Re-arms and cancels of pending timers arriving together: one bulkWrite and one read. */
  private readonly pendingUpdates: GroupCommit<PendingUpdate, number | null>;

  constructor(private readonly conn: Connection) {
    this.timers = conn.collection<TimerDoc>(TIMERS_COLLECTION);
    this.inserts = new InsertBatcher(this.timers);
    this.pendingUpdates = new GroupCommit((updates) => this.updatePendingMany(updates));
  }

  async init(): Promise<void> {
    await this.timers.createIndexes([
      { key: { status: 1, dueAt: 1 }, name: 'status_dueAt' },
      { key: { workspaceId: 1, instanceId: 1 }, name: 'workspace_instance' },
    ]);
  }

  schedule(timer: TimerSpec): Promise<ScheduleResult> {
    return this.timerLock.run(lockKey(timer), () => this.scheduleUnlocked(timer));
  }

  cancel(ref: TimerRef): Promise<CancelResult> {
    return this.timerLock.run(lockKey(ref), () => this.cancelUnlocked(ref));
  }

  private async scheduleUnlocked(timer: TimerSpec): Promise<ScheduleResult> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const inserted = await this.inserts.insert({
        _id: timer.timerId,
        workspaceId: timer.workspaceId,
        instanceId: timer.instanceId,
        tokenId: timer.tokenId,
        nodeId: timer.nodeId,
        dueAt: new Date(timer.dueAt),
        ...(timer.traceparent !== undefined && { traceparent: timer.traceparent }),
        status: 'pending',
        rev: 1,
        createdAt: new Date(),
      });
      if (inserted) return { outcome: 'created', rev: 1 };
      // The id exists: a repeat, a re-arm, or a cancel that came first.
      const rev = await this.pendingUpdates.submit({
        ref: timer,
        $set: {
          dueAt: new Date(timer.dueAt),
          tokenId: timer.tokenId,
          nodeId: timer.nodeId,
          ...(timer.traceparent !== undefined && { traceparent: timer.traceparent }),
        },
      });
      if (rev !== null) return { outcome: 'rescheduled', rev };
      const existing = await this.find(timer);
      // The insert said the id exists, yet not in this workspace.
      if (!existing) throw takenElsewhere(timer);
      if (existing.status !== 'pending') return { outcome: 'ignored', status: existing.status };
      // Pending after all (the update missed it in between): try again.
    }
    throw new Error(`timer ${timer.timerId} kept changing while being scheduled`);
  }

  private async cancelUnlocked(ref: TimerRef): Promise<CancelResult> {
    let insertCollided = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = new Date();
      const rev = await this.pendingUpdates.submit({
        ref,
        $set: { status: 'cancelled' as const, cancelledAt: now },
      });
      if (rev !== null) return { outcome: 'cancelled', rev };
      const existing = await this.find(ref);
      if (existing) {
        if (existing.status !== 'pending') return { outcome: 'ignored', status: existing.status };
        continue;
      }
      if (insertCollided) throw takenElsewhere(ref);
      try {
        await this.timers.insertOne({
          _id: ref.timerId,
          workspaceId: ref.workspaceId,
          instanceId: ref.instanceId,
          status: 'cancelled',
          rev: 1,
          createdAt: now,
          cancelledAt: now,
        });
        return { outcome: 'tombstoned', rev: 1 };
      } catch (err) {
        // The schedule got in first after all: cancel it on the next round.
        if (!isDuplicateKey(err)) throw err;
        insertCollided = true;
      }
    }
    throw new Error(`timer ${ref.timerId} kept changing while being cancelled`);
  }

  /**
   * Applies each update to its timer if that timer is still pending, in one unordered bulkWrite;
   * answers the timer's new `rev` for each update that applied, null for each that found no
   * pending timer. Each update stamps a fresh `writeId`, and one `$in` read of the stamps says
   * which applied (a bulk result only counts them). The caller's lock keeps two updates of one
   * timer out of one batch.
   */
  private async updatePendingMany(updates: PendingUpdate[]): Promise<Array<number | null | Error>> {
    const stamps = updates.map(() => randomUUID());
    let failures: ReturnType<typeof writeErrorsByIndex>;
    try {
      const res = await this.timers.bulkWrite(
        updates.map((u, i) => ({
          updateOne: {
            filter: scoped(u.ref.workspaceId, {
              _id: u.ref.timerId,
              instanceId: u.ref.instanceId,
              status: 'pending' as const,
            }),
            update: { $set: { ...u.$set, writeId: stamps[i] }, $inc: { rev: 1 } },
          },
        })),
        { ordered: false },
      );
      if (res.matchedCount === 0) return updates.map(() => null);
    } catch (err) {
      failures = writeErrorsByIndex(err);
      if (!failures) throw err;
    }
    const docs = await this.timers
      .find(
        { _id: { $in: updates.map((u) => u.ref.timerId) } },
        { projection: { workspaceId: 1, rev: 1, writeId: 1 } },
      )
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return updates.map((u, i) => {
      const failure = failures?.get(i);
      if (failure) return new Error(failure.errmsg ?? `timer update failed with code ${failure.code}`);
      const doc = byId.get(u.ref.timerId);
      return doc && doc.workspaceId === u.ref.workspaceId && doc.writeId === stamps[i] ? doc.rev : null;
    });
  }

  async markFired(workspaceId: string, timerIds: string[], firedAt: number): Promise<number> {
    let changed = 0;
    for (let i = 0; i < timerIds.length; i += 1_000) {
      const result = await this.timers.updateMany(
        scoped(workspaceId, { _id: { $in: timerIds.slice(i, i + 1_000) }, status: 'pending' as const }),
        { $set: { status: 'fired' as const, firedAt: new Date(firedAt) } },
      );
      changed += result.modifiedCount;
    }
    return changed;
  }

  async *pendingDueBy(until: number, pageSize: number): AsyncIterable<PendingTimer[]> {
    // Unscoped on purpose: the loader sweeps every workspace (index {status, dueAt}).
    const cursor = this.timers
      .find(
        { status: 'pending', dueAt: { $lte: new Date(until) } },
        { projection: { workspaceId: 1, instanceId: 1, dueAt: 1, rev: 1, traceparent: 1 } },
      )
      .sort({ dueAt: 1 })
      .batchSize(pageSize);
    try {
      let page: PendingTimer[] = [];
      for await (const doc of cursor) {
        page.push({
          workspaceId: doc.workspaceId,
          instanceId: doc.instanceId,
          timerId: doc._id,
          dueAt: doc.dueAt!.getTime(),
          rev: doc.rev,
          ...(doc.traceparent !== undefined && { traceparent: doc.traceparent }),
        });
        if (page.length === pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      await cursor.close();
    }
  }

  async ping(): Promise<boolean> {
    await this.conn.db!.admin().ping();
    return true;
  }

  private async find(ref: TimerRef): Promise<Pick<TimerDoc, 'status' | 'instanceId'> | null> {
    const doc = await this.timers.findOne(scoped(ref.workspaceId, { _id: ref.timerId }), {
      projection: { status: 1, instanceId: 1 },
    });
    if (doc && doc.instanceId !== ref.instanceId) {
      // No retry can fix a request naming the wrong instance.
      throw new PermanentError(
        `timer ${ref.timerId} belongs to instance ${doc.instanceId}, not ${ref.instanceId}`,
      );
    }
    return doc;
  }
}

function lockKey(ref: TimerRef): string {
  return `${ref.workspaceId}\u0000${ref.timerId}`;
}

function takenElsewhere(ref: TimerRef): PermanentError {
  return new PermanentError(`timer id ${ref.timerId} is taken outside workspace ${ref.workspaceId}`);
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === DUPLICATE_KEY;
}
