import { randomUUID } from 'node:crypto';
import type { Connection, Model, PipelineStage, mongo } from 'mongoose';
import type { JourneyEventType } from '@kalcifer/contracts';
import { insertEach } from '@kalcifer/platform';
import type { FirstEntries } from '../domain/funnel';
import type { JourneyEventRecord } from '../domain/journey-event-record';
import { counterDeltas, planRange, type Span } from '../domain/node-counters';
import { addDuration, emptyHistogram, mergeHistogram } from '../domain/time-histogram';
import type {
  EndedVisits,
  InsertOutcome,
  JourneyEventStore,
  JourneyRange,
  NodeVisits,
  VariantOutcome,
} from '../ports/journey-event-store';
import { journeyEventSchema, type JourneyEventDocument } from './journey-event.schema';
import { MongoNodeCounters } from './mongo-node-counters';

/**
 * An event as stored, with what the per-node counters need: for node.exited, the entry of its
 * visit (found when it is stored), and the write that stored it.
 */
type StoredEvent = JourneyEventDocument & {
  /** The write that stored it (its counter increments are guarded by this id). */
  batch: string;
} & VisitPairing;

/**
 * node.exited: when the visit entered the node, and in which version. node.entered stored after
 * its exit (a redelivery): that exit (counted then without a time spent), when, in which version.
 */
interface VisitPairing {
  enteredAt?: number;
  visitVersion?: number;
  pairedExit?: string;
  pairedExitAt?: number;
  pairedExitVersion?: number;
}

/**
 * A write whose events may not all be in the counters yet: created before its events are
 * inserted, deleted once their increments are applied. One still here a minute later was cut
 * short (a crash, a failed write) and is counted again, each counter taking it at most once.
 */
interface OpenBatch {
  _id: string;
  ids: string[];
  openedAt: number;
}
const OPEN_BATCHES_COLLECTION = 'open_batches';

/** A visit whose customer left the journey at its node (its instance exited or failed there). */
interface EndedVisitDocument {
  /** `<workspace>|<instance>|<token>|<node>`. */
  _id: string;
  workspaceId: string;
  journeyId: string;
  nodeId: string;
  /** The version the visit entered in. */
  version: number;
  enteredAt: number;
  endedAt: number;
  /** The instance failed (journey.failed) rather than exited; absent on documents written before. */
  failed?: boolean;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** An open batch this old was cut short: count it again. */
const RECOVER_AFTER_MS = 60_000;
const RECOVER_EVERY_MS = 30_000;

type AtFilter = { $gte?: number; $lt?: number };

function atFilter(range: JourneyRange): AtFilter | undefined {
  const at: AtFilter = {};
  if (range.fromMs !== undefined) at.$gte = range.fromMs;
  if (range.toMs !== undefined) at.$lt = range.toMs;
  return Object.keys(at).length === 0 ? undefined : at;
}

/** The journey events, one document per event, in the service's own database. */
export class MongoJourneyEventStore implements JourneyEventStore {
  private readonly model: Model<JourneyEventDocument>;
  private readonly events: mongo.Collection<StoredEvent>;
  private readonly counters: MongoNodeCounters;
  private readonly batches: mongo.Collection<OpenBatch>;
  private readonly endedVisitDocs: mongo.Collection<EndedVisitDocument>;
  private nextRecovery = 0;

  constructor(
    conn: Connection,
    private readonly now: () => number = Date.now,
  ) {
    this.model = conn.model<JourneyEventDocument>('JourneyEvent', journeyEventSchema);
    this.events = this.model.collection as unknown as mongo.Collection<StoredEvent>;
    this.counters = new MongoNodeCounters(conn);
    this.endedVisitDocs = conn.collection<EndedVisitDocument>('ended_visits');
    this.batches = conn.collection<OpenBatch>(OPEN_BATCHES_COLLECTION);
  }

  /** Creates the collection and its indexes (autoIndex is off platform-wide). */
  async init(): Promise<void> {
    await this.model.createCollection().catch((err: unknown) => {
      if (!String(err).includes('already exists')) throw err;
    });
    await this.model.createIndexes();
    // The entry of a visit, by instance (pairing an exit with its entry when it is stored).
    await this.events.createIndex({ workspaceId: 1, instanceId: 1 });
    await this.batches.createIndex({ openedAt: 1 });
    await this.endedVisitDocs.createIndex({ workspaceId: 1, journeyId: 1, endedAt: 1 });
    await this.counters.init();
    await this.recoverOpenBatches();
  }

  async insert(records: JourneyEventRecord[]): Promise<InsertOutcome> {
    if (records.length === 0) return { stored: 0, duplicates: 0 };
    const pairings = await this.pairVisits(records);
    const batch = randomUUID();
    const docs: StoredEvent[] = records.map(({ id, ...rest }) => ({
      _id: id,
      ...rest,
      ...pairings.get(id),
      batch,
    }));
    await this.batches.insertOne({ _id: batch, ids: docs.map((d) => d._id), openedAt: this.now() });
    // Unordered: a duplicate does not stop the others from being written.
    const results = await insertEach(this.events, docs);
    const failure = results.find((r): r is Error => r instanceof Error);
    // The batch stays open: the events it stored are counted by the recovery (their redelivery
    // finds them stored and adds nothing).
    if (failure !== undefined) throw failure;
    const fresh = docs.filter((_, i) => results[i] === true);
    await this.count(batch, fresh);
    if (this.now() >= this.nextRecovery) await this.recoverOpenBatches();
    return { stored: fresh.length, duplicates: docs.length - fresh.length };
  }

  /**
   * Adds the events a batch stored to the counters, then closes the batch, then lets the counters
   * forget it. Run again on the same batch (after a crash), each counter that has its increments
   * already skips them.
   */
  private async count(batch: string, fresh: readonly StoredEvent[]): Promise<void> {
    const deltas = counterDeltas(fresh);
    await this.counters.apply(batch, deltas);
    await this.recordEndedVisits(fresh);
    // The exits an entry came late for get their entry too (read by the ends of a range).
    for (const e of fresh)
      if (e.pairedExit !== undefined)
        await this.events.updateOne(
          { _id: e.pairedExit },
          { $set: { enteredAt: e.at, visitVersion: e.version } },
        );
    await this.batches.deleteOne({ _id: batch });
    await this.counters.release(
      batch,
      deltas.map((d) => d.id),
    );
  }

  /** Counts the batches still open a minute after they were opened (a crash or a failed write). */
  private async recoverOpenBatches(): Promise<void> {
    this.nextRecovery = this.now() + RECOVER_EVERY_MS;
    const open = await this.batches.find({ openedAt: { $lt: this.now() - RECOVER_AFTER_MS } }).toArray();
    for (const { _id: batch, ids } of open)
      // Only the events this batch stored: an id stored earlier by another write is that write's.
      await this.count(batch, await this.events.find({ _id: { $in: ids }, batch }).toArray());
  }

  /**
   * Pairs the batch's visits: for each node.exited record, the entry of its visit (same instance,
   * token and node), from the same batch or from the events stored before; for each node.entered
   * record whose exit was stored before it (a redelivered entry after its exit), that exit, so
   * that the entry brings the time spent the exit could not. An exit whose entry never comes is
   * counted without a time spent.
   */
  private async pairVisits(records: readonly JourneyEventRecord[]): Promise<Map<string, VisitPairing>> {
    const pairings = new Map<string, VisitPairing>();
    const visits = records.filter((r) => r.type === 'node.entered' || r.type === 'node.exited');
    if (visits.length === 0) return pairings;
    const visitKey = (r: { workspaceId: string; instanceId: string; tokenId?: string; nodeId?: string }) =>
      `${r.workspaceId}|${r.instanceId}|${r.tokenId ?? ''}|${r.nodeId ?? ''}`;
    const entries = new Map<string, { at: number; version: number }>();
    const unpairedExits = new Map<string, { id: string; at: number; version: number }>();
    for (const r of visits)
      if (r.type === 'node.entered') entries.set(visitKey(r), { at: r.at, version: r.version });
    const byWorkspace = new Map<string, Set<string>>();
    for (const r of visits)
      byWorkspace.set(r.workspaceId, (byWorkspace.get(r.workspaceId) ?? new Set()).add(r.instanceId));
    for (const [workspaceId, instances] of byWorkspace) {
      const stored = await this.events
        .find(
          {
            workspaceId,
            instanceId: { $in: [...instances] },
            type: { $in: ['node.entered', 'node.exited'] },
          },
          {
            projection: {
              workspaceId: 1,
              instanceId: 1,
              tokenId: 1,
              nodeId: 1,
              type: 1,
              at: 1,
              version: 1,
              enteredAt: 1,
            },
          },
        )
        .toArray();
      for (const e of stored) {
        if (e.type === 'node.entered') entries.set(visitKey(e), { at: e.at, version: e.version });
        else if (e.enteredAt === undefined)
          unpairedExits.set(visitKey(e), { id: e._id, at: e.at, version: e.version });
      }
    }
    for (const r of visits) {
      if (r.type === 'node.exited') {
        const entry = entries.get(visitKey(r));
        if (entry !== undefined) pairings.set(r.id, { enteredAt: entry.at, visitVersion: entry.version });
      } else {
        const exit = unpairedExits.get(visitKey(r));
        if (exit !== undefined)
          pairings.set(r.id, { pairedExit: exit.id, pairedExitAt: exit.at, pairedExitVersion: exit.version });
      }
    }
    return pairings;
  }

  async countByType(
    range: JourneyRange,
    types: readonly JourneyEventType[],
  ): Promise<Map<JourneyEventType, number>> {
    const rows = await this.model
      .aggregate<{ _id: JourneyEventType; n: number }>([
        { $match: this.match(range, types) },
        { $group: { _id: '$type', n: { $sum: 1 } } },
      ])
      .exec();
    return new Map(rows.map((r) => [r._id, r.n]));
  }

  async countConverted(range: JourneyRange): Promise<number> {
    const rows = await this.model
      .aggregate<{ n: number }>([
        { $match: this.match(range, ['goal.reached']) },
        { $group: { _id: '$instanceId' } },
        { $count: 'n' },
      ])
      .exec();
    return rows[0]?.n ?? 0;
  }

  async nodeVisits(range: JourneyRange): Promise<NodeVisits[]> {
    if (this.now() >= this.nextRecovery) await this.recoverOpenBatches();
    // Whole days, hours and minutes from the counters; the ends (under a minute each) from the events.
    const plan = planRange(range.fromMs, range.toMs);
    const [counted, edges] = await Promise.all([
      this.counters.read(range.workspaceId, range.journeyId, plan.counters),
      this.visitsAt(range, plan.events),
    ]);
    const byNode = new Map<string, NodeVisits>();
    for (const part of [...counted, ...edges]) {
      const key = `${part.version}|${part.nodeId}`;
      let into = byNode.get(key);
      if (into === undefined) {
        into = { nodeId: part.nodeId, version: part.version, entered: 0, exited: 0, time: emptyHistogram() };
        byNode.set(key, into);
      }
      into.entered += part.entered;
      into.exited += part.exited;
      mergeHistogram(into.time, part.time);
    }
    return [...byNode.values()]
      .filter((v) => v.entered > 0 || v.exited > 0)
      .sort((a, b) => a.version - b.version || a.nodeId.localeCompare(b.nodeId));
  }

  /** Node entries and exits (with their time spent) of the spans, counted from the events. */
  private async visitsAt(range: JourneyRange, spans: readonly Span[]): Promise<NodeVisits[]> {
    return (await Promise.all(spans.map((span) => this.visitsIn(range, span)))).flat();
  }

  private async visitsIn(range: JourneyRange, span: Span): Promise<NodeVisits[]> {
    const entered = { $eq: ['$type', 'node.entered'] };
    const exited = { $eq: ['$type', 'node.exited'] };
    const at = atFilter({ ...range, fromMs: span.from, toMs: span.to });
    const rows = await this.model
      .aggregate<{
        _id: { n: string; v: number };
        entered: number;
        exited: number;
        durations: Array<number | null>;
      }>([
        {
          $match: {
            workspaceId: range.workspaceId,
            journeyId: range.journeyId,
            type: { $in: ['node.entered', 'node.exited'] },
            ...(at !== undefined && { at }),
          },
        },
        {
          $group: {
            _id: {
              n: '$nodeId',
              v: { $cond: [exited, { $ifNull: ['$visitVersion', '$version'] }, '$version'] },
            },
            entered: { $sum: { $cond: [entered, 1, 0] } },
            exited: { $sum: { $cond: [exited, 1, 0] } },
            durations: {
              $push: {
                $cond: [
                  { $and: [exited, { $gte: [{ $ifNull: ['$enteredAt', -1] }, 0] }] },
                  { $subtract: ['$at', '$enteredAt'] },
                  null,
                ],
              },
            },
          },
        },
      ])
      .exec();
    return rows.map((r) => {
      const time = emptyHistogram();
      for (const d of r.durations) if (typeof d === 'number') addDuration(time, d);
      return { nodeId: r._id.n, version: r._id.v, entered: r.entered, exited: r.exited, time };
    });
  }

  async endedVisits(range: JourneyRange): Promise<EndedVisits[]> {
    // Kept when the instance ended (recordEndedVisits): read in proportion to the visits that
    // ended in the range, not to the events.
    const endedAt = atFilter(range);
    const rows = await this.endedVisitDocs
      .aggregate<{ _id: { n: string; v: number }; ended: number; failed: number }>([
        {
          $match: {
            workspaceId: range.workspaceId,
            journeyId: range.journeyId,
            ...(endedAt !== undefined && { endedAt }),
            ...(range.fromMs !== undefined && { enteredAt: { $gte: range.fromMs } }),
          },
        },
        {
          $group: {
            _id: { n: '$nodeId', v: '$version' },
            ended: { $sum: 1 },
            failed: { $sum: { $cond: [{ $eq: ['$failed', true] }, 1, 0] } },
          },
        },
      ])
      .toArray();
    return rows
      .map((r) => ({ nodeId: r._id.n, version: r._id.v, ended: r.ended, failed: r.failed }))
      .sort((a, b) => a.version - b.version || a.nodeId.localeCompare(b.nodeId));
  }

  /**
   * The visits still open when their instance exited or failed (the customer left the journey at
   * that node), one document per visit, so a second recording of the same end adds nothing.
   */
  private async recordEndedVisits(fresh: readonly StoredEvent[]): Promise<void> {
    const endings = fresh.filter((e) => e.type === 'journey.exited' || e.type === 'journey.failed');
    if (endings.length === 0) return;
    const docs: EndedVisitDocument[] = [];
    for (const [workspaceId, ofWorkspace] of groupBy(endings, (e) => e.workspaceId)) {
      const nodeEvents = await this.events
        .find(
          {
            workspaceId,
            instanceId: { $in: [...new Set(ofWorkspace.map((e) => e.instanceId))] },
            type: { $in: ['node.entered', 'node.exited'] },
          },
          { projection: { instanceId: 1, tokenId: 1, nodeId: 1, type: 1, at: 1, version: 1 } },
        )
        .toArray();
      const visit = (e: { instanceId: string; tokenId?: string; nodeId?: string }) =>
        `${workspaceId}|${e.instanceId}|${e.tokenId ?? ''}|${e.nodeId ?? ''}`;
      const exited = new Set(nodeEvents.filter((e) => e.type === 'node.exited').map(visit));
      for (const ending of ofWorkspace)
        for (const e of nodeEvents)
          if (e.type === 'node.entered' && e.instanceId === ending.instanceId && !exited.has(visit(e)))
            docs.push({
              _id: visit(e),
              workspaceId,
              journeyId: ending.journeyId,
              nodeId: e.nodeId ?? '',
              version: e.version,
              enteredAt: e.at,
              endedAt: ending.at,
              ...(ending.type === 'journey.failed' && { failed: true }),
            });
    }
    const failure = (await insertEach(this.endedVisitDocs, docs)).find((r): r is Error => r instanceof Error);
    if (failure !== undefined) throw failure;
  }

  async variantOutcomes(range: JourneyRange): Promise<VariantOutcome[]> {
    // One pass over the split exits and goals up to `to`, grouped per instance: a conversion counts
    // for a variant when the instance reached a goal at or after leaving the split by it (a goal
    // reached before the split says nothing about the variant).
    const upTo: PipelineStage.Match['$match'] = {
      workspaceId: range.workspaceId,
      journeyId: range.journeyId,
      type: { $in: ['node.exited', 'goal.reached'] },
    };
    if (range.toMs !== undefined) upTo.at = { $lt: range.toMs };
    const isGoal = { $eq: ['$type', 'goal.reached'] };
    const rows = await this.model
      .aggregate<{ _id: { n: string; o: string }; entered: number; converted: number }>([
        { $match: upTo },
        { $match: { $or: [{ type: 'goal.reached' }, { output: { $regex: '^variant:' } }] } },
        {
          $group: {
            _id: '$instanceId',
            lastGoalAt: { $max: { $cond: [isGoal, '$at', null] } },
            splits: { $push: { $cond: [isGoal, null, { n: '$nodeId', o: '$output', at: '$at' }] } },
          },
        },
        { $unwind: '$splits' },
        { $match: { splits: { $ne: null }, ...this.splitsAt(range) } },
        {
          $group: {
            _id: { n: '$splits.n', o: '$splits.o' },
            entered: { $sum: 1 },
            converted: {
              $sum: {
                $cond: [
                  { $and: [{ $ne: ['$lastGoalAt', null] }, { $gte: ['$lastGoalAt', '$splits.at'] }] },
                  1,
                  0,
                ],
              },
            },
          },
        },
      ])
      .allowDiskUse(true)
      .exec();
    return rows
      .map((r) => ({
        nodeId: r._id.n,
        variant: r._id.o.slice('variant:'.length),
        entered: r.entered,
        converted: r.converted,
      }))
      .sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  }

  /** The split exits of the range (the exits were read up to `to` already). */
  private splitsAt(range: JourneyRange): Record<string, unknown> {
    return range.fromMs === undefined ? {} : { 'splits.at': { $gte: range.fromMs } };
  }

  async firstEntries(range: JourneyRange, nodeIds: readonly string[]): Promise<FirstEntries[]> {
    const rows = await this.model
      .aggregate<{ nodes: Array<{ n: string; at: number }> }>([
        { $match: { ...this.match(range, ['node.entered']), nodeId: { $in: [...nodeIds] } } },
        { $group: { _id: { i: '$instanceId', n: '$nodeId' }, at: { $min: '$at' } } },
        { $group: { _id: '$_id.i', nodes: { $push: { n: '$_id.n', at: '$at' } } } },
      ])
      .allowDiskUse(true)
      .exec();
    return rows.map((r) => new Map(r.nodes.map((x) => [x.n, x.at])));
  }

  private match(range: JourneyRange, types: readonly JourneyEventType[]): PipelineStage.Match['$match'] {
    const at = atFilter(range);
    return {
      workspaceId: range.workspaceId,
      journeyId: range.journeyId,
      type: { $in: [...types] },
      ...(at !== undefined && { at }),
    };
  }
}
