import type { Connection, mongo } from 'mongoose';
import { writeErrorsByIndex } from '@kalcifer/platform';
import type { CounterDelta, CounterUnit, Span } from '../domain/node-counters';
import { emptyHistogram, mergeHistogram, type TimeHistogram } from '../domain/time-histogram';

export const NODE_COUNTERS_COLLECTION = 'node_counters';
const DUPLICATE_KEY = 11000;

/** One node of one version over one minute, hour or UTC day. */
export interface NodeCounterDocument {
  _id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  unit: CounterUnit;
  start: number;
  entered: number;
  exited: number;
  count: number;
  sumMs: number;
  /** Visits per time-spent bucket, `b<index>`; and the largest time of each bucket. */
  hist: Record<string, number>;
  top: Record<string, number>;
  /**
   * Batches whose increments are in this document but whose events are not yet marked counted:
   * applying the same batch again (a crash between the two writes, then the recovery) is a no-op.
   */
  pending: string[];
}

export interface NodeCounts {
  nodeId: string;
  version: number;
  entered: number;
  exited: number;
  time: TimeHistogram;
}

/**
 * The per-node counters (domain/node-counters.ts), in the analytics database. Each batch of newly
 * stored events adds its increments once: an increment is guarded by the batch id, so that a
 * batch applied again after a crash changes nothing.
 */
export class MongoNodeCounters {
  private readonly collection: mongo.Collection<NodeCounterDocument>;

  constructor(conn: Connection) {
    this.collection = conn.collection<NodeCounterDocument>(NODE_COUNTERS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.collection.createIndex({ workspaceId: 1, journeyId: 1, unit: 1, start: 1 });
  }

  /** Adds the batch's increments to each counter that does not have them yet. */
  async apply(batch: string, deltas: readonly CounterDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const ops = deltas.map((d) => ({
      updateOne: { filter: guard(d.id, batch), update: increment(d, batch), upsert: true },
    }));
    let conflicts: CounterDelta[] = [];
    try {
      await this.collection.bulkWrite(ops, { ordered: false });
    } catch (err) {
      const failures = writeErrorsByIndex(err);
      if (!failures || [...failures.values()].some((f) => f.code !== DUPLICATE_KEY)) throw err;
      conflicts = [...failures.keys()].map((i) => deltas[i]);
    }
    // A duplicate key on upsert: either the counter has this batch already (nothing to do), or a
    // concurrent batch created it first; then it exists and a plain guarded update applies ours.
    for (const d of conflicts) await this.collection.updateOne(guard(d.id, batch), increment(d, batch));
  }

  /** Forgets the batch in its counters, once its events are marked counted. */
  async release(batch: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.collection.updateMany({ _id: { $in: [...ids] } }, { $pull: { pending: batch } });
  }

  /** Sums the counters of the spans, each read from the counters of its unit. */
  async read(
    workspaceId: string,
    journeyId: string,
    spans: ReadonlyArray<{ unit: CounterUnit; span: Span }>,
  ): Promise<NodeCounts[]> {
    // One query per span (at most five), each a plain range on the index: no $or to plan.
    const docs = (
      await Promise.all(
        spans.map(({ unit, span }) => {
          const start = startFilter(span);
          return this.collection
            .find(
              { workspaceId, journeyId, unit, ...(start !== undefined && { start }) },
              { projection: { pending: 0 } },
            )
            .toArray();
        }),
      )
    ).flat();
    const byNode = new Map<string, NodeCounts>();
    for (const doc of docs) {
      const key = `${doc.version}|${doc.nodeId}`;
      let counts = byNode.get(key);
      if (counts === undefined) {
        counts = { nodeId: doc.nodeId, version: doc.version, entered: 0, exited: 0, time: emptyHistogram() };
        byNode.set(key, counts);
      }
      counts.entered += doc.entered;
      counts.exited += doc.exited;
      mergeHistogram(counts.time, toHistogram(doc));
    }
    return [...byNode.values()];
  }
}

function guard(id: string, batch: string) {
  return { _id: id, pending: { $ne: batch } };
}

function increment(d: CounterDelta, batch: string) {
  const inc: Record<string, number> = {
    entered: d.entered,
    exited: d.exited,
    count: d.time.count,
    sumMs: d.time.sumMs,
  };
  const max: Record<string, number> = {};
  for (const [b, n] of Object.entries(d.time.buckets)) inc[`hist.b${b}`] = n;
  for (const [b, ms] of Object.entries(d.time.maxMs)) max[`top.b${b}`] = ms;
  return {
    $inc: inc,
    ...(Object.keys(max).length > 0 && { $max: max }),
    $push: { pending: batch },
    $setOnInsert: {
      workspaceId: d.workspaceId,
      journeyId: d.journeyId,
      version: d.version,
      nodeId: d.nodeId,
      unit: d.unit,
      start: d.start,
    },
  };
}

function startFilter(span: Span): { $gte?: number; $lt?: number } | undefined {
  if (span.from === undefined && span.to === undefined) return undefined;
  return {
    ...(span.from !== undefined && { $gte: span.from }),
    ...(span.to !== undefined && { $lt: span.to }),
  };
}

function toHistogram(doc: NodeCounterDocument): TimeHistogram {
  const h = emptyHistogram();
  h.count = doc.count ?? 0;
  h.sumMs = doc.sumMs ?? 0;
  for (const [key, n] of Object.entries(doc.hist ?? {})) h.buckets[Number(key.slice(1))] = n;
  for (const [key, ms] of Object.entries(doc.top ?? {})) h.maxMs[Number(key.slice(1))] = ms;
  return h;
}
