import type { Connection, Model, PipelineStage, mongo } from 'mongoose';
import type { JourneyEventType } from '@kalcifer/contracts';
import { insertEach } from '@kalcifer/platform';
import type { FirstEntries } from '../domain/funnel';
import type { JourneyEventRecord } from '../domain/journey-event-record';
import type {
  EndedVisits,
  InsertOutcome,
  JourneyEventStore,
  JourneyRange,
  NodeVisits,
} from '../ports/journey-event-store';
import { journeyEventSchema, type JourneyEventDocument } from './journey-event.schema';

type AtFilter = { $gte?: number; $lt?: number };

function atFilter(range: JourneyRange): AtFilter | undefined {
  const at: AtFilter = {};
  if (range.fromMs !== undefined) at.$gte = range.fromMs;
  if (range.toMs !== undefined) at.$lt = range.toMs;
  return Object.keys(at).length === 0 ? undefined : at;
}

/** `{$and: [at >= from, at < to]}` as an aggregation expression over `field`; true when open. */
function inRange(field: string, range: JourneyRange): unknown {
  const terms: unknown[] = [{ $ne: [field, null] }];
  if (range.fromMs !== undefined) terms.push({ $gte: [field, range.fromMs] });
  if (range.toMs !== undefined) terms.push({ $lt: [field, range.toMs] });
  return { $and: terms };
}

/** The journey events, one document per event, in the service's own database. */
export class MongoJourneyEventStore implements JourneyEventStore {
  private readonly model: Model<JourneyEventDocument>;

  constructor(conn: Connection) {
    this.model = conn.model<JourneyEventDocument>('JourneyEvent', journeyEventSchema);
  }

  /** Creates the collection and its indexes (autoIndex is off platform-wide). */
  async init(): Promise<void> {
    await this.model.createCollection().catch((err: unknown) => {
      if (!String(err).includes('already exists')) throw err;
    });
    await this.model.createIndexes();
  }

  async insert(records: JourneyEventRecord[]): Promise<InsertOutcome> {
    if (records.length === 0) return { stored: 0, duplicates: 0 };
    const docs: JourneyEventDocument[] = records.map(({ id, ...rest }) => ({ _id: id, ...rest }));
    // Unordered: a duplicate does not stop the others from being written.
    const results = await insertEach(
      this.model.collection as unknown as mongo.Collection<JourneyEventDocument>,
      docs,
    );
    const failure = results.find((r): r is Error => r instanceof Error);
    if (failure !== undefined) throw failure;
    const stored = results.filter((r) => r === true).length;
    return { stored, duplicates: docs.length - stored };
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
    // A visit is one token at one node (a journey is a DAG, so a token enters a node once). Its
    // entry may be before the range while its exit is inside it: entries are read up to `to`.
    const upTo: PipelineStage.Match['$match'] = {
      workspaceId: range.workspaceId,
      journeyId: range.journeyId,
      type: { $in: ['node.entered', 'node.exited'] },
    };
    if (range.toMs !== undefined) upTo.at = { $lt: range.toMs };
    const entered = { $eq: ['$type', 'node.entered'] };
    const exited = { $eq: ['$type', 'node.exited'] };
    const rows = await this.model
      .aggregate<{
        _id: { n: string; v: number };
        entered: number;
        exited: number;
        durations: Array<number | null>;
      }>([
        { $match: upTo },
        {
          $group: {
            _id: { i: '$instanceId', t: '$tokenId', n: '$nodeId' },
            // $max, not $min: a visit has one entry and one exit, and $max skips the other type's
            // nulls on every server (DocumentDB's $min takes null as the smallest value).
            enteredAt: { $max: { $cond: [entered, '$at', null] } },
            enteredVersion: { $max: { $cond: [entered, '$version', null] } },
            exitedAt: { $max: { $cond: [exited, '$at', null] } },
            exitedVersion: { $max: { $cond: [exited, '$version', null] } },
          },
        },
        {
          $project: {
            n: '$_id.n',
            v: { $ifNull: ['$enteredVersion', '$exitedVersion'] },
            enteredIn: { $cond: [inRange('$enteredAt', range), 1, 0] },
            exitedIn: { $cond: [inRange('$exitedAt', range), 1, 0] },
            duration: {
              $cond: [
                { $and: [inRange('$exitedAt', range), { $ne: ['$enteredAt', null] }] },
                { $subtract: ['$exitedAt', '$enteredAt'] },
                null,
              ],
            },
          },
        },
        { $match: { $or: [{ enteredIn: 1 }, { exitedIn: 1 }] } },
        {
          $group: {
            _id: { n: '$n', v: '$v' },
            entered: { $sum: '$enteredIn' },
            exited: { $sum: '$exitedIn' },
            durations: { $push: '$duration' },
          },
        },
      ])
      .allowDiskUse(true)
      .exec();
    return rows
      .map((r) => ({
        nodeId: r._id.n,
        version: r._id.v,
        entered: r.entered,
        exited: r.exited,
        durationsMs: r.durations.filter((d): d is number => typeof d === 'number'),
      }))
      .sort((a, b) => a.version - b.version || a.nodeId.localeCompare(b.nodeId));
  }

  async endedVisits(range: JourneyRange): Promise<EndedVisits[]> {
    // Two queries, not a join: the instances that ended in the range are few next to the events,
    // and the visits are then read for those instances only.
    const endedRows = await this.model
      .aggregate<{ _id: string }>([
        { $match: this.match(range, ['journey.exited', 'journey.failed']) },
        { $group: { _id: '$instanceId' } },
      ])
      .allowDiskUse(true)
      .exec();
    if (endedRows.length === 0) return [];
    const entered = { $eq: ['$type', 'node.entered'] };
    const exited = { $eq: ['$type', 'node.exited'] };
    const upTo: PipelineStage.Match['$match'] = {
      workspaceId: range.workspaceId,
      journeyId: range.journeyId,
      type: { $in: ['node.entered', 'node.exited'] },
      instanceId: { $in: endedRows.map((r) => r._id) },
    };
    if (range.toMs !== undefined) upTo.at = { $lt: range.toMs };
    const rows = await this.model
      .aggregate<{ _id: { n: string; v: number }; ended: number }>([
        { $match: upTo },
        {
          $group: {
            _id: { i: '$instanceId', t: '$tokenId', n: '$nodeId' },
            enteredAt: { $max: { $cond: [entered, '$at', null] } },
            enteredVersion: { $max: { $cond: [entered, '$version', null] } },
            exitedAt: { $max: { $cond: [exited, '$at', null] } },
          },
        },
        { $match: { exitedAt: null } },
        {
          $project: {
            n: '$_id.n',
            v: '$enteredVersion',
            open: { $cond: [inRange('$enteredAt', range), 1, 0] },
          },
        },
        { $match: { open: 1 } },
        { $group: { _id: { n: '$n', v: '$v' }, ended: { $sum: 1 } } },
      ])
      .allowDiskUse(true)
      .exec();
    return rows
      .map((r) => ({ nodeId: r._id.n, version: r._id.v, ended: r.ended }))
      .sort((a, b) => a.version - b.version || a.nodeId.localeCompare(b.nodeId));
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
