/** Journey-made profile changes against the real MongoDB-wire server: applied once per update id. */
import { connectMongo } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { MongoCustomerStore } from '../src/infrastructure/mongo-customer-store';
import { infra } from '../../../test/support/infra';

let conn: Connection;
let store: MongoCustomerStore;

beforeAll(async () => {
  conn = await connectMongo(infra.mongoUrl, 'int_orchestrator_customers');
  await conn.dropDatabase();
  store = new MongoCustomerStore(conn);
});

afterAll(async () => {
  await conn.close();
});

it('applies a journey profile change once, however often it is delivered', async () => {
  const change = { updateId: 'u1', set: { plan: 'pro' }, increment: { orders: 2 } };
  expect(await store.applyChange('ws1', 'ann', change)).toBe(true);
  expect(await store.applyChange('ws1', 'ann', change)).toBe(false);
  expect((await store.get('ws1', 'ann'))?.attributes).toEqual({ plan: 'pro', orders: 2 });
});

it('adds and removes tags, increments and unsets attributes', async () => {
  await store.upsert('ws1', 'bob', { plan: 'free', orders: 1 });
  await store.applyChange('ws1', 'bob', {
    updateId: 'b1',
    increment: { orders: 3 },
    addTags: ['vip', 'beta'],
  });
  await store.applyChange('ws1', 'bob', { updateId: 'b2', addTags: ['vip'] });
  await store.applyChange('ws1', 'bob', { updateId: 'b3', removeTags: ['beta'], unset: ['plan'] });
  expect((await store.get('ws1', 'bob'))?.attributes).toEqual({ orders: 4, tags: ['vip'] });
});

it('keeps workspaces apart', async () => {
  await store.applyChange('ws2', 'ann', { updateId: 'u1', set: { plan: 'team' } });
  expect((await store.get('ws2', 'ann'))?.attributes).toEqual({ plan: 'team' });
  expect((await store.get('ws1', 'ann'))?.attributes.plan).toBe('pro');
});

it('applies racing first changes of a profile that does not exist yet, each once', async () => {
  const changes = Array.from({ length: 5 }, (_, i) => ({ updateId: `r${i}`, increment: { n: 1 } }));
  const results = await Promise.all(changes.map((c) => store.applyChange('ws1', 'new-racer', c)));
  expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  // Whatever the interleaving, every change is applied exactly once in the end.
  for (const c of changes) await store.applyChange('ws1', 'new-racer', c);
  expect((await store.get('ws1', 'new-racer'))?.attributes.n).toBe(5);
});

it('applies concurrent changes of many profiles together, each once, and says which were new', async () => {
  await store.applyChange('ws1', 'many-0', { updateId: 'm-seen', set: { seen: true } });
  const changes = Array.from({ length: 40 }, (_, i) => ({
    customerId: `many-${i}`,
    change: { updateId: i === 0 ? 'm-seen' : `m-${i}`, increment: { n: 1 }, addTags: ['batched'] },
  }));
  const results = await Promise.all(changes.map((c) => store.applyChange('ws1', c.customerId, c.change)));
  // many-0 had this change already: refused; every other profile was created with it.
  expect(results).toEqual(changes.map((_, i) => i !== 0));
  const again = await Promise.all(changes.map((c) => store.applyChange('ws1', c.customerId, c.change)));
  expect(again.every((applied) => !applied)).toBe(true);
  for (let i = 1; i < 40; i++)
    expect((await store.get('ws1', `many-${i}`))?.attributes).toEqual({ n: 1, tags: ['batched'] });
  expect((await store.get('ws1', 'many-0'))?.attributes).toEqual({ seen: true });
});
