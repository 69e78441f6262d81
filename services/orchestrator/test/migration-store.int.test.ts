/**
 * The migration store's items against the real MongoDB-wire server: recording a migration's
 * instances again (a fan-out resumed after a crash, or run by two replicas) keeps each instance
 * one item with the outcome it has, at the fan-out's page size.
 */
import { connectMongo } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { MongoMigrationStore } from '../src/infrastructure/mongo-migration-store';
import { infra } from '../../../test/support/infra';

let conn: Connection;
let store: MongoMigrationStore;

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `inst-${String(from + i).padStart(5, '0')}`);

async function pending(migrationId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of store.pendingItems('ws1', migrationId, 400)) out.push(...batch);
  return out.sort();
}

beforeAll(async () => {
  conn = await connectMongo(infra.mongoUrl, 'int_orchestrator_migrations');
  await conn.dropDatabase();
  store = new MongoMigrationStore(conn);
  await store.init();
});

afterAll(async () => {
  await conn.close();
});

it('records a page of instances again without duplicating items or resetting outcomes', async () => {
  // 1,000 is the fan-out's page (a bulk of upserts this size onto existing items once hung FerretDB 1.24).
  await store.addItems('ws1', 'mig-a', ids(0, 1_000));
  await store.setOutcome('ws1', 'mig-a', 'inst-00003', 'migrated');
  await store.setOutcome('ws1', 'mig-a', 'inst-00004', 'held', 'removed node');

  await store.addItems('ws1', 'mig-a', ids(500, 1_500));

  const counts = await store.counts('ws1', 'mig-a');
  expect(counts).toEqual({
    total: 1_500,
    enqueued: 1_498,
    migrated: 1,
    held: 1,
    exited: 0,
    failed: 0,
    unchanged: 0,
  });
  const stillPending = await pending('mig-a');
  expect(stillPending).toHaveLength(1_498);
  expect(stillPending).not.toContain('inst-00003');
  expect(stillPending).toEqual(ids(0, 1_500).filter((id) => id !== 'inst-00003' && id !== 'inst-00004'));
}, 60_000);

it("keeps one migration's items apart from another's", async () => {
  await store.addItems('ws1', 'mig-b', ids(0, 3));
  await store.addItems('ws1', 'mig-b', []);
  expect((await store.counts('ws1', 'mig-b')).total).toBe(3);
  expect(await pending('mig-b')).toEqual(ids(0, 3));
  expect(await store.hasPending('ws1', 'mig-b')).toBe(true);
  for (const id of ids(0, 3)) await store.setOutcome('ws1', 'mig-b', id, 'migrated');
  expect(await store.hasPending('ws1', 'mig-b')).toBe(false);
  expect(await store.hasPending('ws1', 'mig-a')).toBe(true);
  expect(await store.hasPending('ws1', 'mig-none')).toBe(false);
});
