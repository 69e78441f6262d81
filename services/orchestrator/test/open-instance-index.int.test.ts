/**
 * The open-instance index against a real Redis (a database of its own): concurrent lookups are
 * answered from one MULTI per batch, each with its own customer's set, and a lost index is
 * reported as unknown (null) until it has been rebuilt from the store.
 */
import { connectRedis, createLogger, type Redis } from '@kalcifer/platform';
import type { OpenInstanceRef } from '../src/ports/open-instance-index';
import { RedisOpenInstanceIndex } from '../src/infrastructure/redis-open-instance-index';
import { infra } from '../../../test/support/infra';

let redis: Redis;
const stored: OpenInstanceRef[] = Array.from({ length: 60 }, (_, i) => ({
  id: `in-${String(i).padStart(3, '0')}`,
  workspaceId: i % 2 === 0 ? 'ws-a' : 'ws-b',
  customerId: `c-${i % 20}`,
}));
const source = (after: string | undefined, limit: number) =>
  Promise.resolve(stored.filter((r) => after === undefined || r.id > after).slice(0, limit));
const expected = (workspaceId: string, customerId: string) =>
  stored
    .filter((r) => r.workspaceId === workspaceId && r.customerId === customerId)
    .map((r) => r.id)
    .sort();

beforeAll(async () => {
  const url = new URL(infra.redisUrl);
  url.pathname = '/7';
  redis = await connectRedis(url.toString());
  await redis.flushdb();
});

afterAll(async () => {
  await redis.quit();
});

it('answers concurrent lookups each with its own set, and null while the index is lost', async () => {
  const index = new RedisOpenInstanceIndex(redis, source, createLogger('test', 'silent'));
  await index.ensureReady();
  const asked = Array.from({ length: 40 }, (_, i) => ({
    workspaceId: i % 2 === 0 ? 'ws-a' : 'ws-b',
    customerId: `c-${i % 20}`,
  }));
  const found = await Promise.all(asked.map((a) => index.candidates(a.workspaceId, a.customerId)));
  found.forEach((ids, i) => expect(ids?.sort()).toEqual(expected(asked[i].workspaceId, asked[i].customerId)));
  expect(await index.candidates('ws-a', 'nobody')).toEqual([]);

  await index.add('ws-a', 'c-0', 'in-new');
  expect((await index.candidates('ws-a', 'c-0'))?.sort()).toEqual(
    [...expected('ws-a', 'c-0'), 'in-new'].sort(),
  );
  await index.remove('ws-a', 'c-0', 'in-new');

  // Redis lost its data: every lookup says "unknown" (the caller asks the store) until rebuilt.
  await redis.flushdb();
  const lost = await Promise.all(
    asked.slice(0, 10).map((a) => index.candidates(a.workspaceId, a.customerId)),
  );
  expect(lost).toEqual(asked.slice(0, 10).map(() => null));
  await index.ensureReady();
  expect((await index.candidates('ws-b', 'c-1'))?.sort()).toEqual(expected('ws-b', 'c-1'));
});
