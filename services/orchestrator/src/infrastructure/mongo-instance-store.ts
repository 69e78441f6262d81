import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { mongo } from 'mongoose';
import { GroupCommit, insertEach, writeErrorsByIndex } from '@kalcifer/platform';

type Collection<T extends mongo.Document> = mongo.Collection<T>;
import {
  TERMINAL_STATUSES,
  type InstanceState,
  type InstanceStatus,
  type TraceEntry,
} from '@kalcifer/journey';
import type {
  InstanceRecord,
  InstanceStore,
  Occupancy,
  OutboxEntry,
  StoredTraceEntry,
} from '../ports/instance-store';
import type { OpenInstanceRef } from '../ports/open-instance-index';
import { stampVersion, traceWithVersions } from './trace-versions';

/**
 * Instances are the hot path: the driver beneath mongoose, one document per instance, every update a
 * compare-and-set on `revision`. The trace lives inside the document so that a step and its trace
 * are written atomically.
 *
 * The state, the outbox and each trace entry are stored as JSON text; only the fields that queries
 * filter on are document fields. A MongoDB-wire server handles a few strings faster than the same
 * data as nested documents, and nothing queries inside a state. Documents written before in the nested form are still read.
 *
 * Reads by id, inserts, compare-and-set updates and outbox clears are group-committed: what the
 * signal handlers ask for while a round trip is in flight leaves together as one `$in` read, one
 * insertMany or one bulkWrite (see GroupCommit). A batched compare-and-set stamps a fresh
 * `writeId`; when the bulk result says fewer matched than were sent, the ids' `writeId`s say which.
 */
interface InstanceDoc {
  _id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  customerId: string;
  status: InstanceState['status'];
  /** The nodes its tokens stand on (absent in documents written before it existed). */
  at?: string[];
  state: string | InstanceState;
  revision: number;
  outbox: string | OutboxEntry[];
  hasOutbox: boolean;
  /** Each entry with the version it happened on (entries written before that have none). */
  trace: Array<string | (TraceEntry & { version?: number })>;
  updatedAt: Date;
  /** Stamp of the compare-and-set that wrote this revision (tells a batch which of its writes won). */
  writeId?: string;
}

interface CasWrite {
  workspaceId: string;
  instanceId: string;
  expectedRevision: number;
  writeId: string;
  update: mongo.UpdateFilter<InstanceDoc>;
}

interface OutboxClear {
  workspaceId: string;
  instanceId: string;
  revision: number;
}

interface InstanceKey {
  workspaceId: string;
  instanceId: string;
}

interface CustomerInJourney {
  workspaceId: string;
  journeyId: string;
  customerId: string;
}

const RECORD_PROJECTION = { state: 1, revision: 1, outbox: 1 } as const;

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

/**
 * Open instance ids read in one batch at most (one statement, so one snapshot): ~50 bytes each,
 * 16 MB a batch.
 */
const ID_BATCH = 200_000;

/** The distinct nodes an instance's tokens stand on: a field, so the server can group by it. */
const nodesOf = (state: InstanceState): string[] => [...new Set(state.tokens.map((t) => t.nodeId))];

export class MongoInstanceStore implements InstanceStore {
  private readonly instances: Collection<InstanceDoc>;
  private readonly reads: GroupCommit<InstanceKey, InstanceRecord | null>;
  private readonly inserts: GroupCommit<InstanceDoc, boolean>;
  private readonly casWrites: GroupCommit<CasWrite, boolean>;
  private readonly outboxClears: GroupCommit<OutboxClear, void>;
  private readonly statusReads: GroupCommit<CustomerInJourney, InstanceStatus[]>;

  constructor(conn: Connection) {
    this.instances = conn.collection<InstanceDoc>('instances');
    this.reads = new GroupCommit((keys) => this.readMany(keys));
    this.inserts = new GroupCommit((docs) => insertEach(this.instances, docs));
    this.casWrites = new GroupCommit((writes) => this.compareAndSetMany(writes));
    this.outboxClears = new GroupCommit((clears) => this.clearOutboxes(clears));
    this.statusReads = new GroupCommit((keys) => this.statusesMany(keys));
  }

  async init(): Promise<void> {
    await this.instances.createIndexes([
      // Serves a customer's open instances, and a customer's instances in one journey (the re-entry
      // check of every enrollment): without journeyId here the server answered that check from the
      // journey index below, reading every instance of the journey (3 ms at 1,000, linear after).
      { key: { workspaceId: 1, customerId: 1, journeyId: 1, status: 1 } },
      { key: { workspaceId: 1, journeyId: 1, status: 1 } },
      { key: { hasOutbox: 1, updatedAt: 1 } },
    ]);
  }

  async insert(state: InstanceState, outbox: OutboxEntry[], trace: TraceEntry[]): Promise<boolean> {
    return this.inserts.submit({
      _id: state.id,
      workspaceId: state.workspaceId,
      journeyId: state.journeyId,
      version: state.version,
      customerId: state.customerId,
      status: state.status,
      at: nodesOf(state),
      state: JSON.stringify(state),
      revision: 1,
      outbox: JSON.stringify(outbox),
      hasOutbox: outbox.length > 0,
      trace: traceText(trace, state.version),
      updatedAt: new Date(),
    });
  }

  get(workspaceId: string, instanceId: string): Promise<InstanceRecord | null> {
    return this.reads.submit({ workspaceId, instanceId });
  }

  private async readMany(keys: InstanceKey[]): Promise<Array<InstanceRecord | null>> {
    const found = new Map<string, InstanceRecord>();
    for (const [workspaceId, ids] of groupBy(
      keys,
      (k) => k.workspaceId,
      (k) => k.instanceId,
    )) {
      const docs = await this.instances
        .find({ _id: { $in: ids }, workspaceId }, { projection: RECORD_PROJECTION })
        .toArray();
      for (const doc of docs) found.set(`${workspaceId}|${doc._id}`, recordOf(doc));
    }
    return keys.map((k) => found.get(`${k.workspaceId}|${k.instanceId}`) ?? null);
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
        at: nodesOf(state),
        version: state.version,
        revision: expectedRevision + 1,
        outbox: JSON.stringify(outbox),
        hasOutbox: outbox.length > 0,
        updatedAt: new Date(),
      },
    };
    if (trace.length > 0) update.$push = { trace: { $each: traceText(trace, state.version) } };
    const writeId = randomUUID();
    (update.$set as Record<string, unknown>).writeId = writeId;
    return this.casWrites.submit({ workspaceId, instanceId, expectedRevision, writeId, update });
  }

  /** One bulkWrite for a batch of compare-and-set updates; true for each that matched. */
  private async compareAndSetMany(writes: CasWrite[]): Promise<Array<boolean | Error>> {
    const casFilter = (w: CasWrite) => ({
      _id: w.instanceId,
      workspaceId: w.workspaceId,
      revision: w.expectedRevision,
    });
    if (writes.length === 1) {
      const w = writes[0];
      const res = await this.instances.updateOne(casFilter(w), w.update);
      return [res.matchedCount === 1];
    }
    let failures: Map<number, { code: number; errmsg?: string }> | undefined;
    try {
      const res = await this.instances.bulkWrite(
        writes.map((w) => ({ updateOne: { filter: casFilter(w), update: w.update } })),
        { ordered: false },
      );
      if (res.matchedCount === writes.length) return writes.map(() => true);
    } catch (err) {
      failures = writeErrorsByIndex(err);
      if (!failures) throw err;
    }
    // Some did not match (another writer moved the instance on) or failed: the stamps say which won.
    const stamps = new Map<string, string | undefined>();
    for (const [workspaceId, ids] of groupBy(
      writes,
      (w) => w.workspaceId,
      (w) => w.instanceId,
    )) {
      const docs = await this.instances
        .find({ _id: { $in: ids }, workspaceId }, { projection: { writeId: 1 } })
        .toArray();
      for (const doc of docs) stamps.set(`${workspaceId}|${doc._id}`, doc.writeId);
    }
    return writes.map((w, i) => {
      const failure = failures?.get(i);
      if (failure) return new Error(failure.errmsg ?? `update failed with code ${failure.code}`);
      return stamps.get(`${w.workspaceId}|${w.instanceId}`) === w.writeId;
    });
  }

  clearOutbox(workspaceId: string, instanceId: string, revision: number): Promise<void> {
    return this.outboxClears.submit({ workspaceId, instanceId, revision });
  }

  /** The outbox of a revision is cleared only if that revision is still the stored one. */
  private async clearOutboxes(clears: OutboxClear[]): Promise<void[]> {
    await this.instances.bulkWrite(
      clears.map((c) => ({
        updateOne: {
          filter: { _id: c.instanceId, workspaceId: c.workspaceId, revision: c.revision },
          update: { $set: { outbox: '[]', hasOutbox: false } },
        },
      })),
      { ordered: false },
    );
    return clears.map(() => undefined);
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

  statusesInJourney(workspaceId: string, journeyId: string, customerId: string): Promise<InstanceStatus[]> {
    return this.statusReads.submit({ workspaceId, journeyId, customerId });
  }

  /** The re-entry checks of concurrent enrollments, one `$in` read per journey. */
  private async statusesMany(keys: CustomerInJourney[]): Promise<InstanceStatus[][]> {
    const journeys = new Map<string, { workspaceId: string; journeyId: string; customerIds: Set<string> }>();
    for (const k of keys) {
      const id = JSON.stringify([k.workspaceId, k.journeyId]);
      const group = journeys.get(id) ?? {
        workspaceId: k.workspaceId,
        journeyId: k.journeyId,
        customerIds: new Set(),
      };
      group.customerIds.add(k.customerId);
      journeys.set(id, group);
    }
    const found = new Map<string, InstanceStatus[]>();
    const keyOf = (workspaceId: string, journeyId: string, customerId: string) =>
      JSON.stringify([workspaceId, journeyId, customerId]);
    for (const { workspaceId, journeyId, customerIds } of journeys.values()) {
      const docs = await this.instances
        .find(
          { workspaceId, journeyId, customerId: { $in: [...customerIds] } },
          { projection: { customerId: 1, status: 1 } },
        )
        .toArray();
      for (const doc of docs) {
        const key = keyOf(workspaceId, journeyId, doc.customerId);
        found.set(key, [...(found.get(key) ?? []), doc.status]);
      }
    }
    return keys.map((k) => found.get(keyOf(k.workspaceId, k.journeyId, k.customerId)) ?? []);
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

  async *openInJourney(
    workspaceId: string,
    journeyId: string,
    batchSize: number,
  ): AsyncGenerator<InstanceRecord[]> {
    const ids = (await this.openIdsInJourney(workspaceId, journeyId)).map((s) => s.id);
    // Then the states by id, a page at a time: a read by `_id` finds each instance once however
    // it moved meanwhile (one that ended since is no longer open, and left out).
    const page = (from: number) =>
      this.instances
        .find(
          {
            _id: { $in: ids.slice(from, from + batchSize) },
            workspaceId,
            status: { $in: OPEN_STATUSES as InstanceDoc['status'][] },
          },
          { projection: RECORD_PROJECTION },
        )
        .toArray();
    // The next page is read while the caller works on this one.
    let next = ids.length > 0 ? page(0) : undefined;
    for (let from = 0; next !== undefined; from += batchSize) {
      const docs = await next;
      next = from + batchSize < ids.length ? page(from + batchSize) : undefined;
      next?.catch(() => undefined); // awaited on the next turn; a caller that stops early never does
      if (docs.length > 0) yield docs.map(recordOf);
    }
  }

  async *openVersionsInJourney(
    workspaceId: string,
    journeyId: string,
    batchSize: number,
  ): AsyncGenerator<Array<{ id: string; version: number; customerId: string }>> {
    const open = await this.openIdsInJourney(workspaceId, journeyId);
    for (let i = 0; i < open.length; i += batchSize) yield open.slice(i, i + batchSize);
  }

  /**
   * Ids and versions of the journey's open instances, each once. A cursor's getMore on DocumentDB
   * reads with a fresh snapshot, so an instance rewritten while a journey is paged through comes
   * back a second time (a dry run counted 5,404 of 5,000 while delivery statuses still arrived)
   * and one moved behind the cursor could be missed: the ids come in one batch (one statement, one
   * snapshot) up to ID_BATCH, and are deduplicated beyond.
   */
  private async openIdsInJourney(
    workspaceId: string,
    journeyId: string,
  ): Promise<Array<{ id: string; version: number; customerId: string }>> {
    const cursor = this.instances
      .find(
        { workspaceId, journeyId, status: { $in: OPEN_STATUSES as InstanceDoc['status'][] } },
        { projection: { _id: 1, version: 1, customerId: 1 } },
      )
      .batchSize(ID_BATCH);
    const open = new Map<string, { id: string; version: number; customerId: string }>();
    for await (const doc of cursor)
      open.set(doc._id, { id: doc._id, version: doc.version, customerId: doc.customerId });
    return [...open.values()];
  }

  async openPerVersion(workspaceId: string, journeyId: string): Promise<Record<string, number>> {
    // Counted by the server ($group): 20,000 instances in ~0.2 s, against ~1.1 s to ship them here.
    const groups = await this.instances
      .aggregate<{ _id: number; n: number }>([
        { $match: { workspaceId, journeyId, status: { $in: OPEN_STATUSES } } },
        { $group: { _id: '$version', n: { $sum: 1 } } },
      ])
      .toArray();
    return Object.fromEntries(groups.map((g) => [String(g._id), g.n]));
  }

  async occupancy(workspaceId: string, journeyId: string): Promise<Occupancy> {
    const open = { workspaceId, journeyId, status: { $in: OPEN_STATUSES } };
    // One pass, grouped by version and the whole `at` list (a handful of distinct lists): at a
    // million waiting instances, `$unwind` cost 25.9 s and a second `$group` for the per-version
    // counts read them all again. The lists are split into nodes here.
    const groups = await this.instances
      .aggregate<{ _id: { version: number; at?: string[] | null }; n: number }>([
        { $match: open },
        { $group: { _id: { version: '$version', at: '$at' }, n: { $sum: 1 } } },
      ])
      .toArray();
    const perVersion: Record<string, number> = {};
    const nodes = new Map<number, Map<string, number>>();
    const add = (version: number, nodeId: string, n: number) => {
      const counts = nodes.get(version) ?? new Map<string, number>();
      counts.set(nodeId, (counts.get(nodeId) ?? 0) + n);
      nodes.set(version, counts);
    };
    let legacyVersions = false;
    for (const { _id, n } of groups) {
      perVersion[String(_id.version)] = (perVersion[String(_id.version)] ?? 0) + n;
      if (Array.isArray(_id.at)) for (const nodeId of _id.at) add(_id.version, nodeId, n);
      else legacyVersions = true;
    }
    // Documents written before `at` existed are read whole (none, once they have all moved on).
    if (legacyVersions) {
      const legacy = this.instances.find({ ...open, at: { $exists: false } } as mongo.Filter<InstanceDoc>, {
        projection: { state: 1 },
      });
      for await (const doc of legacy) {
        const state = stateOf(doc);
        for (const nodeId of nodesOf(state)) add(state.version, nodeId, 1);
      }
    }
    return { perVersion, nodes };
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

/** Groups `items` by a key, collecting one value of each. */
function groupBy<T>(items: T[], key: (t: T) => string, value: (t: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}

export const isTerminal = (status: InstanceState['status']) => TERMINAL_STATUSES.includes(status);
