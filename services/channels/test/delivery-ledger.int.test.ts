/**
 * The MongoDB delivery ledger under concurrency, against the real MongoDB-wire server: claims and
 * compare-and-sets asked for at once leave in a few round trips (group commit), and each one is
 * still decided for its own record: one claim per send key, one winner per race.
 */
import type { Connection } from 'mongoose';
import { connectMongo, mongoCommandCounts } from '@kalcifer/platform';
import { dropDatabase, infra } from '../../../test/support/infra';
import { MongoDeliveryLedger } from '../src/infrastructure/mongo-delivery-ledger';
import type { NewDelivery } from '../src/ports/delivery-ledger';
import { hex } from './harness';

const DB = 'kalcifer_channels_test_ledger';
const WS = 'ws_ledger';
jest.setTimeout(60_000);

let connA: Connection;
let connB: Connection;
let ledgerA: MongoDeliveryLedger;
let ledgerB: MongoDeliveryLedger;

const delivery = (sendKey: string): NewDelivery => ({
  sendKey,
  workspaceId: WS,
  instanceId: `ins_${sendKey}`,
  journeyId: 'jrn',
  nodeId: 'welcome',
  customerId: `cus_${sendKey}`,
  channel: 'email',
  provider: 'smtp',
  to: 'a@b.example',
  subject: 'Hi',
});
const count = (command: string) => mongoCommandCounts.get(`${command} deliveries`) ?? 0;

beforeAll(async () => {
  await dropDatabase(DB);
  process.env.MONGODB_COMMAND_COUNTS = '1';
  // Two connections: two workers racing for the same records.
  connA = await connectMongo(infra.mongoUrl, DB);
  connB = await connectMongo(infra.mongoUrl, DB);
  delete process.env.MONGODB_COMMAND_COUNTS;
  ledgerA = new MongoDeliveryLedger(connA);
  ledgerB = new MongoDeliveryLedger(connB);
  await ledgerA.init();
});

afterAll(async () => {
  await connA.close();
  await connB.close();
});

it('claims 200 send keys asked for at once in a few inserts, each key once', async () => {
  const keys = Array.from({ length: 200 }, () => hex(8));
  const inserts = count('insert');
  const now = new Date();
  // Every key twice (a duplicate intent), from both workers.
  const claims = await Promise.all([
    ...keys.map((k) => ledgerA.claim(delivery(k), now)),
    ...keys.map((k) => ledgerB.claim(delivery(k), now)),
  ]);
  expect(claims.filter((c) => c.created)).toHaveLength(200);
  for (const k of keys) {
    const mine = claims.filter((c) => c.record.sendKey === k);
    expect(mine.map((c) => c.created).sort()).toEqual([false, true]);
    expect(mine.every((c) => c.record.status === 'claimed' && c.record.attempts === 0)).toBe(true);
  }
  // One round trip per batch, not per claim: 400 claims in far fewer than 400 inserts.
  expect(count('insert') - inserts).toBeLessThan(40);
});

it('lets exactly one of two racing workers move each record, in a few round trips', async () => {
  const keys = Array.from({ length: 150 }, () => hex(8));
  const now = new Date();
  await Promise.all(keys.map((k) => ledgerA.claim(delivery(k), now)));
  const updates = count('update') + count('findAndModify');
  const lease = new Date(now.getTime() + 15_000);
  const begin = (ledger: MongoDeliveryLedger, k: string) =>
    ledger.transition(
      { workspaceId: WS, sendKey: k },
      ['claimed'],
      { status: 'sending', incrementAttempts: true, leaseExpiresAt: lease },
      now,
    );
  const results = await Promise.all(keys.flatMap((k) => [begin(ledgerA, k), begin(ledgerB, k)]));
  for (let i = 0; i < keys.length; i++) {
    const [a, b] = [results[2 * i], results[2 * i + 1]];
    // One winner per record, whichever it is; the winner sees the record it wrote.
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    const won = (a ?? b)!;
    expect(won).toMatchObject({ sendKey: keys[i], status: 'sending', attempts: 1, leaseExpiresAt: lease });
    expect(won).not.toHaveProperty('writeId');
  }
  expect(count('update') + count('findAndModify') - updates).toBeLessThan(60);

  // A write whose record is in another state loses, beside others of its batch that win.
  const finishes = await Promise.all([
    ...keys.map((k) =>
      ledgerA.transition(
        { workspaceId: WS, sendKey: k },
        ['sending'],
        { status: 'sent', providerMessageId: `p-${k}`, leaseExpiresAt: null },
        now,
      ),
    ),
    ledgerA.transition({ workspaceId: WS, sendKey: keys[0] }, ['claimed'], { status: 'failed' }, now),
  ]);
  expect(finishes.slice(0, -1).every((r) => r?.status === 'sent' && r.leaseExpiresAt === undefined)).toBe(
    true,
  );
  expect(finishes.at(-1)).toBeNull();
  expect(await ledgerB.get({ workspaceId: WS, sendKey: keys[0] })).toMatchObject({
    status: 'sent',
    providerMessageId: `p-${keys[0]}`,
  });
});
