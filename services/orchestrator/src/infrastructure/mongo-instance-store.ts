import type { Connection } from 'mongoose';
import type { mongo } from 'mongoose';

type Collection<T extends mongo.Document> = mongo.Collection<T>;
import {
  TERMINAL_STATUSES,
  type InstanceState,
  type InstanceStatus,
  type TraceEntry,
} from '@kalcifer/journey';
import type { InstanceRecord, InstanceStore, OutboxEntry, StoredTraceEntry } from '../ports/instance-store';
import type { OpenInstanceRef } from '../ports/open-instance-index';
import { inBatches } from './cursor-batches';
import { stampVersion, traceWithVersions } from './trace-versions';

/**
 * Instances are the hot path: the driver beneath mongoose, one document per instance, every update a
 * compare-and-set on `revision`. The trace lives inside the document so that a step and its trace
 * are written atomically.
 *
 * The state, the outbox and each trace entry are stored as JSON text; only the fields that queries
 * filter on are document fields. A MongoDB-wire server handles a few strings much faster than the
 * same data as nested documents (FerretDB: 4x faster inserts and reads, docs/benchmarks.md), and
 * nothing queries inside a state. Documents written before in the nested form are still read.
 */
interface InstanceDoc {
  _id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  customerId: string;
  status: InstanceState['status'];
  state: string | InstanceState;
  revision: number;
  outbox: string | OutboxEntry[];
  hasOutbox: boolean;
  /** Each entry with the version it happened on (entries written before that have none). */
  trace: Array<string | (TraceEntry & { version?: number })>;
  updatedAt: Date;
}

const stateOf = (doc: Pick<InstanceDoc, 'state'>): InstanceState =>
  typeof doc.state === 'string' ? (JSON.parse(doc.state) as InstanceState) : doc.state;
const outboxOf = (doc: Pick<InstanceDoc, 'outbox'>): OutboxEntry[] =>
  typeof doc.outbox === 'string' ? (JSON.parse(doc.outbox) as OutboxEntry[]) : (doc.outbox ?? []);
const traceEntriesOf = (doc: Pick<InstanceDoc, 'trace'>): Array<TraceEntry & { version?: number }> =>
  (doc.trace ?? []).map((t) => (typeof t === 'string' ? (JSON.parse(t) as TraceEntry) : t));
const traceText = (trace: TraceEntry[], version: number): string[] =>
  stampVersion(trace, version).map((t) => JSON.stringify(t));
const recordOf = (doc: Pick<InstanceDoc, 'state' | 'revision' | 'outbox'>): InstanceRecord => ({
  state: stateOf(doc),
  revision: doc.revision,
  outbox: outboxOf(doc),
});

const OPEN_STATUSES = ['active', 'waiting', 'paused', 'held'];

export class MongoInstanceStore implements InstanceStore {
  private readonly instances: Collection<InstanceDoc>;

  constructor(conn: Connection) {
    this.instances = conn.collection<InstanceDoc>('instances');
  }

  async init(): Promise<void> {
    // One index per call: FerretDB 1.24 drops the connection (server-side panic) when a
    // createIndexes with several indexes meets indexes that already exist, i.e. at every restart.
    const keys: Record<string, 1>[] = [
      { workspaceId: 1, customerId: 1, status: 1 },
      { workspaceId: 1, journeyId: 1, status: 1 },
      { hasOutbox: 1, updatedAt: 1 },
    ];
    for (const key of keys) {
      await this.instances.createIndexes([{ key }]);
    }
  }

  async insert(state: InstanceState, outbox: OutboxEntry[], trace: TraceEntry[]): Promise<boolean> {
    try {
      await this.instances.insertOne({
        _id: state.id,
        workspaceId: state.workspaceId,
        journeyId: state.journeyId,
        version: state.version,
        customerId: state.customerId,
        status: state.status,
        state: JSON.stringify(state),
        revision: 1,
        outbox: JSON.stringify(outbox),
        hasOutbox: outbox.length > 0,
        trace: traceText(trace, state.version),
        updatedAt: new Date(),
      });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  async get(workspaceId: string, instanceId: string): Promise<InstanceRecord | null> {
    const doc = await this.instances.findOne(
      { _id: instanceId, workspaceId },
      { projection: { state: 1, revision: 1, outbox: 1 } },
    );
    return doc ? recordOf(doc) : null;
  }

  async update(
    workspaceId: string,
    instanceId: string,
    expectedRevision: number,
    state: InstanceState,
    outbox: OutboxEntry[],
    trace: TraceEntry[],
  ): Promise<boolean> {
    const update: Record<string, unknown> = {
      $set: {
        state: JSON.stringify(state),
        status: state.status,
        version: state.version,
        revision: expectedRevision + 1,
        outbox: JSON.stringify(outbox),
        hasOutbox: outbox.length > 0,
        updatedAt: new Date(),
      },
    };
    if (trace.length > 0) update.$push = { trace: { $each: traceText(trace, state.version) } };
    const res = await this.instances.updateOne(
      { _id: instanceId, workspaceId, revision: expectedRevision },
      update,
    );
    return res.matchedCount === 1;
  }

  async clearOutbox(workspaceId: string, instanceId: string, revision: number): Promise<void> {
    await this.instances.updateOne(
      { _id: instanceId, workspaceId, revision },
      { $set: { outbox: '[]', hasOutbox: false } },
    );
  }

  async findWithPendingOutbox(olderThan: Date, limit: number): Promise<InstanceRecord[]> {
    const docs = await this.instances
      .find(
        { hasOutbox: true, updatedAt: { $lt: olderThan } },
        { projection: { state: 1, revision: 1, outbox: 1 } },
      )
      .limit(limit)
      .toArray();
    return docs.map(recordOf);
  }

  async findOpenForCustomer(workspaceId: string, customerId: string): Promise<string[]> {
    const docs = await this.instances
      .find(
        { workspaceId, customerId, status: { $in: OPEN_STATUSES as InstanceDoc['status'][] } },
        { projection: { _id: 1 } },
      )
      .toArray();
    return docs.map((d) => d._id);
  }

  async findOpenForCustomerInJourney(workspaceId: string, journeyId: string, customerId: string) {
    const doc = await this.instances.findOne(
      { workspaceId, customerId, journeyId, status: { $in: OPEN_STATUSES as InstanceDoc['status'][] } },
      { projection: { _id: 1 } },
    );
    return doc?._id ?? null;
  }

  async listOpen(afterId: string | undefined, limit: number): Promise<OpenInstanceRef[]> {
    const docs = await this.instances
      .find(
        {
          status: { $in: OPEN_STATUSES as InstanceDoc['status'][] },
          ...(afterId === undefined ? {} : { _id: { $gt: afterId } }),
        },
        { projection: { _id: 1, workspaceId: 1, customerId: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ id: d._id, workspaceId: d.workspaceId, customerId: d.customerId }));
  }

  async statusesInJourney(
    workspaceId: string,
    journeyId: string,
    customerId: string,
  ): Promise<InstanceStatus[]> {
    const docs = await this.instances
      .find({ workspaceId, journeyId, customerId }, { projection: { status: 1 } })
      .toArray();
    return docs.map((d) => d.status);
  }

  async findOpenForJourney(workspaceId: string, journeyId: string): Promise<string[]> {
    const docs = await this.instances
      .find(
        { workspaceId, journeyId, status: { $in: OPEN_STATUSES as InstanceDoc['status'][] } },
        { projection: { _id: 1 } },
      )
      .toArray();
    return docs.map((d) => d._id);
  }

  openInJourney(workspaceId: string, journeyId: string, batchSize: number) {
    const cursor = this.instances
      .find(
        { workspaceId, journeyId, status: { $in: OPEN_STATUSES as InstanceDoc['status'][] } },
        { projection: { state: 1, revision: 1, outbox: 1 } },
      )
      .batchSize(batchSize);
    return inBatches(cursor, batchSize, recordOf);
  }

  async openPerVersion(workspaceId: string, journeyId: string): Promise<Record<string, number>> {
    const docs = await this.instances
      .find(
        { workspaceId, journeyId, status: { $in: OPEN_STATUSES as InstanceDoc['status'][] } },
        { projection: { version: 1 } },
      )
      .toArray();
    const counts: Record<string, number> = {};
    for (const d of docs) counts[String(d.version)] = (counts[String(d.version)] ?? 0) + 1;
    return counts;
  }

  async list(
    workspaceId: string,
    query: { journeyId?: string; customerId?: string; status?: string; limit: number; cursor?: string },
  ) {
    const filter: Record<string, unknown> = { workspaceId };
    if (query.journeyId) filter.journeyId = query.journeyId;
    if (query.customerId) filter.customerId = query.customerId;
    if (query.status) filter.status = query.status;
    if (query.cursor) filter._id = { $gt: query.cursor };
    const docs = await this.instances
      .find(filter, { projection: { state: 1, revision: 1, outbox: 1 } })
      .sort({ _id: 1 })
      .limit(query.limit + 1)
      .toArray();
    const items = docs.slice(0, query.limit).map(recordOf);
    return { items, nextCursor: docs.length > query.limit ? items[items.length - 1]?.state.id : undefined };
  }

  async traceOf(workspaceId: string, instanceId: string): Promise<StoredTraceEntry[]> {
    const doc = await this.instances.findOne(
      { _id: instanceId, workspaceId },
      { projection: { trace: 1, state: 1 } },
    );
    return doc ? withInstance(doc) : [];
  }

  async traceOfCustomer(workspaceId: string, customerId: string): Promise<StoredTraceEntry[]> {
    const docs = await this.instances
      .find({ workspaceId, customerId }, { projection: { trace: 1, state: 1 } })
      .toArray();
    return docs.flatMap(withInstance).sort((a, b) => a.at - b.at);
  }
}

/** Each entry keeps the version it happened on (traceWithVersions reads older entries). */
function withInstance(doc: Pick<InstanceDoc, 'trace' | 'state'>): StoredTraceEntry[] {
  const state = stateOf(doc);
  return traceWithVersions(traceEntriesOf(doc), state.version).map((t) => ({
    ...t,
    instanceId: state.id,
    journeyId: state.journeyId,
  }));
}

export const isTerminal = (status: InstanceState['status']) => TERMINAL_STATUSES.includes(status);
