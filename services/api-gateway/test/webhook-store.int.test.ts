/** The outbound webhooks' state in the real MongoDB-wire server: what at-least-once rests on. */
import mongoose from 'mongoose';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import { MongoWebhookStore } from '../src/infrastructure/mongo-webhook-store';
import type { WebhookDelivery } from '../src/ports/webhook-store.port';

const DB = 'kalcifer_gateway_webhooks_it';
let connection: mongoose.Connection;
let store: MongoWebhookStore;

beforeAll(async () => {
  await dropDatabase(DB);
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  store = new MongoWebhookStore(connection);
  await store.ensureIndexes();
});

afterAll(() => connection?.close());

const T0 = new Date('2026-12-03T09:00:00.000Z');
const delivery = (eventId: number, subscriptionId = 'whs_a', workspaceId = 'ws_1'): WebhookDelivery => ({
  id: `${subscriptionId}:${eventId}`,
  workspaceId,
  subscriptionId,
  eventId: String(eventId),
  journeyId: 'jr_1',
  instanceId: `in_${eventId}`,
  payload: `{"id":"${eventId}"}`,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: T0,
  log: [],
  createdAt: T0,
});

it('stores a journal event once per subscription however often it is enqueued (a redelivered message)', async () => {
  await store.enqueue([delivery(1), delivery(2)]);
  await store.enqueue([delivery(1), delivery(2), delivery(3)]);
  const { items } = await store.listDeliveries('ws_1', 'whs_a', { limit: 10 });
  expect(items.map((d) => d.eventId)).toEqual(['3', '2', '1']);
});

it('leases a claimed delivery: nobody else takes it until the lease runs out (a sender that died)', async () => {
  const first = await store.claimDue(T0, 10_000);
  expect(first?.delivery.eventId).toBe('1');
  const others = [await store.claimDue(T0, 10_000), await store.claimDue(T0, 10_000)];
  expect(others.map((c) => c?.delivery.eventId)).toEqual(['2', '3']);
  expect(await store.claimDue(T0, 10_000)).toBeNull();
  // The sender of event 1 died: after its lease, another one takes it again.
  const again = await store.claimDue(new Date(T0.getTime() + 10_001), 10_000);
  expect(again?.delivery.eventId).toBe('1');

  // The late first sender's result is dropped (its lease is gone); the second one's counts.
  const attempt = { at: T0, durationMs: 5, httpStatus: 200 };
  await store.recordAttempt(first!.delivery, first!.lease, attempt, {
    status: 'delivered',
    nextAttemptAt: T0,
  });
  const [afterLate] = (await store.listDeliveries('ws_1', 'whs_a', { limit: 10 })).items.filter(
    (d) => d.eventId === '1',
  );
  expect(afterLate).toMatchObject({ status: 'pending', attempts: 0 });
  await store.recordAttempt(again!.delivery, again!.lease, attempt, {
    status: 'delivered',
    nextAttemptAt: T0,
  });
  const [done] = (await store.listDeliveries('ws_1', 'whs_a', { limit: 10, status: 'delivered' })).items;
  expect(done).toMatchObject({ eventId: '1', status: 'delivered', attempts: 1, log: [attempt] });
});

it('pages the log newest first, scoped by workspace and subscription', async () => {
  await store.enqueue([
    delivery(7, 'whs_b'),
    delivery(8, 'whs_b'),
    delivery(9, 'whs_b'),
    delivery(9, 'whs_c', 'ws_2'),
  ]);
  const first = await store.listDeliveries('ws_1', 'whs_b', { limit: 2 });
  expect(first.items.map((d) => d.eventId)).toEqual(['9', '8']);
  const second = await store.listDeliveries('ws_1', 'whs_b', { limit: 2, cursor: first.nextCursor });
  expect(second.items.map((d) => d.eventId)).toEqual(['7']);
  expect(second.nextCursor).toBeUndefined();
  expect((await store.listDeliveries('ws_2', 'whs_c', { limit: 10 })).items).toHaveLength(1);
  // Another workspace's subscription id reads nothing.
  expect((await store.listDeliveries('ws_1', 'whs_c', { limit: 10 })).items).toHaveLength(0);
  expect((await store.listDeliveries('ws_2', 'whs_a', { limit: 10 })).items).toHaveLength(0);
});
