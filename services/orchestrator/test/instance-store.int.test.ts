/**
 * The instance store against the real MongoDB-wire server: state, outbox and trace entries are
 * stored as JSON text, and documents written earlier in the nested form are still read and updated.
 */
import type { InstanceState, TraceEntry } from '@kalcifer/journey';
import { connectMongo } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { MongoInstanceStore } from '../src/infrastructure/mongo-instance-store';
import { infra } from '../../../test/support/infra';

let conn: Connection;
let store: MongoInstanceStore;

const state = (id: string, over: Partial<InstanceState> = {}): InstanceState => ({
  id,
  workspaceId: 'ws1',
  journeyId: 'j1',
  version: 1,
  customerId: `c-${id}`,
  status: 'waiting',
  tokens: [{ id: 't1', nodeId: 'hold', state: 'waiting' }],
  executed: ['entry'],
  visits: { entry: 1, hold: 1 },
  context: { plan: 'pro', nested: { a: [1, 2] } },
  conversions: 0,
  seq: 2,
  processedSignals: [],
  createdAt: 1_000,
  updatedAt: 2_000,
  ...over,
});
const entered = (nodeId: string, at: number): TraceEntry => ({ at, type: 'node_entered', nodeId });
const message = { subject: 'kalcifer.ws1.timers.schedule', msgId: 'm1', body: { a: 1 } };

beforeAll(async () => {
  conn = await connectMongo(infra.mongoUrl, 'int_orchestrator_instances');
  await conn.dropDatabase();
  store = new MongoInstanceStore(conn);
  await store.init();
});

afterAll(async () => {
  await conn.close();
});

it('stores state, outbox and trace as text and reads them back as they were', async () => {
  const s = state('i1');
  expect(await store.insert(s, [message], [entered('entry', 1_000)])).toBe(true);
  const raw = await conn.collection('instances').findOne({ _id: 'i1' as never });
  expect(typeof raw?.state).toBe('string');
  expect(typeof raw?.outbox).toBe('string');
  expect(raw?.status).toBe('waiting');
  expect(await store.get('ws1', 'i1')).toEqual({ state: s, revision: 1, outbox: [message] });

  const moved = state('i1', { version: 2, updatedAt: 3_000 });
  expect(await store.update('ws1', 'i1', 1, moved, [], [entered('hold', 3_000)])).toBe(true);
  expect(await store.update('ws1', 'i1', 1, moved, [], [])).toBe(false);
  expect(await store.get('ws1', 'i1')).toEqual({ state: moved, revision: 2, outbox: [] });
  // Each entry keeps the version it happened on, not the instance's version of today.
  expect((await store.traceOf('ws1', 'i1')).map((t) => [t.nodeId, t.version])).toEqual([
    ['entry', 1],
    ['hold', 2],
  ]);
});

it('reads the versions of entries stored without one from the migrated lines', async () => {
  const migrated: TraceEntry = {
    at: 4_000,
    type: 'migrated',
    nodeId: 'hold',
    data: { migrationId: 'm1', fromVersion: 1, toVersion: 2 },
  };
  const legacyState = state('legacy', { version: 2, journeyId: 'j-legacy', customerId: 'c-legacy' });
  await conn.collection('instances').insertOne({
    _id: 'legacy' as never,
    workspaceId: 'ws1',
    journeyId: 'j-legacy',
    version: 2,
    customerId: 'c-legacy',
    status: 'waiting',
    state: JSON.stringify(legacyState),
    revision: 3,
    outbox: '[]',
    hasOutbox: false,
    trace: [entered('entry', 1_000), entered('hold', 1_000), migrated].map((t) => JSON.stringify(t)),
    updatedAt: new Date(0),
  });
  expect(await store.update('ws1', 'legacy', 3, legacyState, [], [entered('next', 5_000)])).toBe(true);
  expect((await store.traceOfCustomer('ws1', 'c-legacy')).map((t) => [t.type, t.version])).toEqual([
    ['node_entered', 1],
    ['node_entered', 1],
    ['migrated', 2],
    ['node_entered', 2],
  ]);
});

it('reads and updates a document written in the nested form', async () => {
  const s = state('old');
  await conn.collection('instances').insertOne({
    _id: 'old' as never,
    workspaceId: 'ws1',
    journeyId: 'j1',
    version: 1,
    customerId: s.customerId,
    status: 'waiting',
    state: s,
    revision: 4,
    outbox: [message],
    hasOutbox: true,
    trace: [entered('entry', 1_000)],
    updatedAt: new Date(0),
  });
  expect(await store.get('ws1', 'old')).toEqual({ state: s, revision: 4, outbox: [message] });
  expect((await store.findWithPendingOutbox(new Date(), 10)).map((r) => r.state.id)).toContain('old');
  const batches: string[][] = [];
  for await (const b of store.openInJourney('ws1', 'j1', 1)) batches.push(b.map((r) => r.state.id));
  expect(batches.flat().sort()).toEqual(['i1', 'old']);

  await store.clearOutbox('ws1', 'old', 4);
  const ended = state('old', { status: 'completed', updatedAt: 5_000 });
  expect(await store.update('ws1', 'old', 4, ended, [], [entered('done', 5_000)])).toBe(true);
  expect(await store.get('ws1', 'old')).toEqual({ state: ended, revision: 5, outbox: [] });
  // The nested entry and the text entry after it, in order.
  expect((await store.traceOfCustomer('ws1', s.customerId)).map((t) => t.nodeId)).toEqual(['entry', 'done']);
});

describe('group commit of concurrent calls', () => {
  it('says, for each of many concurrent compare-and-set updates sent as one batch, whether it won', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `g${i}`);
    const inserted = await Promise.all(ids.map((id) => store.insert(state(id), [], [])));
    expect(inserted.every(Boolean)).toBe(true);
    // A third of them were moved on by another writer: their compare-and-set on revision 1 must lose.
    const stale = ids.filter((_, i) => i % 3 === 0);
    await conn
      .collection('instances')
      .updateMany({ _id: { $in: stale as never[] } }, { $set: { revision: 7 } });
    const results = await Promise.all(
      ids.map((id) => store.update('ws1', id, 1, state(id, { updatedAt: 9_000 }), [], [])),
    );
    expect(ids.filter((_, i) => results[i])).toEqual(ids.filter((id) => !stale.includes(id)));
    const reads = await Promise.all(ids.map((id) => store.get('ws1', id)));
    reads.forEach((r, i) => {
      expect(r?.revision).toBe(stale.includes(ids[i]) ? 7 : 2);
    });
    // Another workspace's id reads as absent, in the same batch as this workspace's.
    const [mine, theirs] = await Promise.all([store.get('ws1', 'g1'), store.get('ws2', 'g1')]);
    expect(mine?.state.id).toBe('g1');
    expect(theirs).toBeNull();
  });

  it('inserts concurrent instances as one batch and reports the one that existed', async () => {
    const results = await Promise.all([
      store.insert(state('h1'), [], []),
      store.insert(state('g2'), [], []),
      store.insert(state('h2'), [], []),
    ]);
    expect(results).toEqual([true, false, true]);
  });
});

it('counts the open instances of a journey per version, leaving ended ones out', async () => {
  await Promise.all([
    store.insert(state('pv1', { journeyId: 'jpv' }), [], []),
    store.insert(state('pv2', { journeyId: 'jpv' }), [], []),
    store.insert(state('pv3', { journeyId: 'jpv', version: 2 }), [], []),
    store.insert(state('pv4', { journeyId: 'jpv', version: 2, status: 'completed' }), [], []),
    store.insert(state('pv5', { journeyId: 'other' }), [], []),
  ]);
  expect(await store.openPerVersion('ws1', 'jpv')).toEqual({ '1': 2, '2': 1 });
  expect(await store.openPerVersion('ws2', 'jpv')).toEqual({});
});

it('counts the open instances of a journey at each node of each version, documents without `at` included', async () => {
  const two = (id: string) => [
    { id: 't1', nodeId: 'left', state: 'waiting' as const },
    { id: 't2', nodeId: `right-${id}`, state: 'waiting' as const },
  ];
  await Promise.all([
    store.insert(state('oc1', { journeyId: 'joc' }), [], []),
    store.insert(state('oc2', { journeyId: 'joc', tokens: two('oc2') }), [], []),
    store.insert(state('oc3', { journeyId: 'joc', version: 2, tokens: two('oc3') }), [], []),
    store.insert(state('oc4', { journeyId: 'joc', status: 'completed', tokens: two('oc4') }), [], []),
    store.insert(state('oc5', { journeyId: 'other', tokens: two('oc5') }), [], []),
    // Two paths joined at one node: the instance counts once there.
    store.insert(
      state('oc7', { journeyId: 'joc', tokens: [...two('oc7')].map((t) => ({ ...t, nodeId: 'left' })) }),
      [],
      [],
    ),
  ]);
  // A step moves oc1 on: the field follows the state.
  const moved = state('oc1', { journeyId: 'joc', tokens: [{ id: 't1', nodeId: 'later', state: 'waiting' }] });
  expect(await store.update('ws1', 'oc1', 1, moved, [], [])).toBe(true);
  // Written by a release that did not have the field yet.
  const legacy = state('oc6', {
    journeyId: 'joc',
    tokens: [
      { id: 't1', nodeId: 'old-node', state: 'waiting' },
      { id: 't2', nodeId: 'left', state: 'waiting' },
    ],
  });
  await conn.collection('instances').insertOne({
    _id: 'oc6' as never,
    workspaceId: 'ws1',
    journeyId: 'joc',
    version: 1,
    customerId: legacy.customerId,
    status: 'waiting',
    state: JSON.stringify(legacy),
    revision: 1,
    outbox: '[]',
    hasOutbox: false,
    trace: [],
    updatedAt: new Date(),
  });

  const { perVersion, nodes } = await store.occupancy('ws1', 'joc');
  expect(perVersion).toEqual({ '1': 4, '2': 1 });
  // Counted at each node its tokens stand on; the legacy document's count adds to the server's.
  expect(Object.fromEntries(nodes.get(1) ?? [])).toEqual({
    later: 1,
    left: 3,
    'old-node': 1,
    'right-oc2': 1,
  });
  expect(Object.fromEntries(nodes.get(2) ?? [])).toEqual({ left: 1, 'right-oc3': 1 });
  expect([...nodes.keys()].sort()).toEqual([1, 2]);
  expect((await store.occupancy('ws2', 'joc')).nodes.size).toBe(0);
});

it('answers concurrent re-entry checks, one per customer and journey, from batched reads', async () => {
  await Promise.all([
    store.insert(state('re1', { journeyId: 'jre', customerId: 'alice', status: 'completed' }), [], []),
    store.insert(state('re2', { journeyId: 'jre', customerId: 'alice' }), [], []),
    store.insert(state('re3', { journeyId: 'jre', customerId: 'bob', status: 'exited' }), [], []),
    store.insert(state('re4', { journeyId: 'jre2', customerId: 'bob' }), [], []),
    store.insert(state('re5', { workspaceId: 'ws2', journeyId: 'jre', customerId: 'carol' }), [], []),
  ]);
  const [alice, bob, bobElsewhere, carol, carolInWs2, nobody] = await Promise.all([
    store.statusesInJourney('ws1', 'jre', 'alice'),
    store.statusesInJourney('ws1', 'jre', 'bob'),
    store.statusesInJourney('ws1', 'jre2', 'bob'),
    store.statusesInJourney('ws1', 'jre', 'carol'),
    store.statusesInJourney('ws2', 'jre', 'carol'),
    store.statusesInJourney('ws1', 'jre', 'nobody'),
  ]);
  expect(alice.sort()).toEqual(['completed', 'waiting']);
  expect(bob).toEqual(['exited']);
  expect(bobElsewhere).toEqual(['waiting']);
  expect(carol).toEqual([]);
  expect(carolInWs2).toEqual(['waiting']);
  expect(nobody).toEqual([]);
});

it('lists the open instances of a journey as id, version and customer only, in batches', async () => {
  await Promise.all([
    store.insert(state('ov1', { journeyId: 'jov' }), [], []),
    store.insert(state('ov2', { journeyId: 'jov', version: 3 }), [], []),
    store.insert(state('ov3', { journeyId: 'jov', status: 'completed' }), [], []),
    store.insert(state('ov4', { journeyId: 'jov', workspaceId: 'ws2' }), [], []),
  ]);
  const batches: Array<Array<{ id: string; version: number; customerId: string }>> = [];
  for await (const b of store.openVersionsInJourney('ws1', 'jov', 1)) batches.push(b);
  expect(batches.map((b) => b.length)).toEqual([1, 1]);
  expect(batches.flat().sort((a, b) => a.id.localeCompare(b.id))).toEqual([
    { id: 'ov1', version: 1, customerId: 'c-ov1' },
    { id: 'ov2', version: 3, customerId: 'c-ov2' },
  ]);
});

it('reads every open instance of a journey once, while the instances are being rewritten', async () => {
  // A cursor's getMore on DocumentDB reads with a fresh snapshot: instances rewritten between
  // two pages came back again (a dry run of 5,000 counted 5,404 while delivery statuses arrived).
  const N = 1_500;
  const ids = Array.from({ length: N }, (_, i) => `rw-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < N; i += 250)
    await Promise.all(
      ids.slice(i, i + 250).map((id) => store.insert(state(id, { journeyId: 'jrw' }), [], [])),
    );
  await store.insert(state('rw-ended', { journeyId: 'jrw', status: 'completed' }), [], []);
  const rewriteSome = (round: number) =>
    conn
      .collection('instances')
      .updateMany(
        { _id: { $in: ids.filter((_, i) => i % 7 === round % 7) as never[] } },
        { $set: { padding: 'x'.repeat(200 + round) } },
      );
  const read = async (iterate: () => AsyncIterable<unknown[]>, idOf: (x: never) => string) => {
    const seen: string[] = [];
    let round = 0;
    for await (const page of iterate()) {
      seen.push(...page.map((x) => idOf(x as never)));
      await rewriteSome(round++);
    }
    return seen;
  };
  const states = await read(
    () => store.openInJourney('ws1', 'jrw', 100),
    (r: { state: InstanceState }) => r.state.id,
  );
  expect(states).toHaveLength(N);
  expect(new Set(states).size).toBe(N);
  const versions = await read(
    () => store.openVersionsInJourney('ws1', 'jrw', 100),
    (v: { id: string }) => v.id,
  );
  expect(versions).toHaveLength(N);
  expect(new Set(versions).size).toBe(N);
  // A caller that stops after the first page leaves nothing running behind it.
  for await (const page of store.openInJourney('ws1', 'jrw', 100)) {
    expect(page).toHaveLength(100);
    break;
  }
});
