/**
 * The timer store alone against the real MongoDB-wire server: re-arms and cancels that arrive
 * together are written as one batch, and each still gets its own outcome and revision.
 */
import { connectMongo } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { MongoTimerStore } from '../src/infrastructure/mongo-timer-store';
import type { TimerSpec } from '../src/ports/timer-store';
import { infra } from '../../../test/support/infra';

let conn: Connection;
let store: MongoTimerStore;

const timer = (i: number, dueAt = 1_000_000 + i, workspaceId = 'ws1'): TimerSpec => ({
  workspaceId,
  instanceId: `in-${i}`,
  timerId: `tm-${i}`,
  tokenId: 't1',
  nodeId: 'hold',
  dueAt,
});

beforeAll(async () => {
  conn = await connectMongo(infra.mongoUrl, 'int_scheduler_timer_store');
  await conn.dropDatabase();
  store = new MongoTimerStore(conn);
  await store.init();
});

afterAll(async () => {
  await conn.close();
});

it('re-arms and cancels many timers at once, each with its own outcome and revision', async () => {
  await Promise.all(Array.from({ length: 30 }, (_, i) => store.schedule(timer(i))));
  await store.cancel(timer(20));

  const results = await Promise.all([
    // Re-armed once (rev 2) and, for 0..4, twice more in the same burst (serialised per timer).
    ...Array.from({ length: 10 }, (_, i) => store.schedule(timer(i, 2_000_000 + i))),
    ...Array.from({ length: 5 }, (_, i) => store.schedule(timer(i, 3_000_000 + i))),
    // Cancelled.
    ...Array.from({ length: 10 }, (_, i) => store.cancel(timer(10 + i))),
    // Cancelled already: a re-arm never brings it back.
    store.schedule(timer(20, 9_000_000)),
    // Unknown ids: a cancel leaves a tombstone.
    store.cancel(timer(90)),
    // The same id in another workspace is not this workspace's timer.
    store.cancel(timer(25, 0, 'ws2')).catch((err: Error) => err.name),
  ]);

  expect(results.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => ({ outcome: 'rescheduled', rev: 2 })));
  expect(results.slice(5, 10)).toEqual(Array.from({ length: 5 }, () => ({ outcome: 'rescheduled', rev: 2 })));
  expect(results.slice(10, 15)).toEqual(
    Array.from({ length: 5 }, () => ({ outcome: 'rescheduled', rev: 3 })),
  );
  expect(results.slice(15, 25)).toEqual(Array.from({ length: 10 }, () => ({ outcome: 'cancelled', rev: 2 })));
  expect(results[25]).toEqual({ outcome: 'ignored', status: 'cancelled' });
  expect(results[26]).toEqual({ outcome: 'tombstoned', rev: 1 });
  expect(results[27]).toBe('PermanentError');

  const docs = await conn
    .collection('timers')
    .find({}, { projection: { status: 1, dueAt: 1, rev: 1 } })
    .toArray();
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  for (let i = 0; i < 5; i++) expect(byId.get(`tm-${i}`)?.dueAt).toEqual(new Date(3_000_000 + i));
  for (let i = 5; i < 10; i++) expect(byId.get(`tm-${i}`)?.dueAt).toEqual(new Date(2_000_000 + i));
  for (let i = 10; i < 21; i++) expect(byId.get(`tm-${i}`)?.status).toBe('cancelled');
  for (let i = 21; i < 30; i++) expect(byId.get(`tm-${i}`)).toMatchObject({ status: 'pending', rev: 1 });
});
