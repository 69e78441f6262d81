/**
 * What every store of Kalcifer relies on from the MongoDB-wire server, checked against the real
 * one (`MONGODB_URL`: DocumentDB behind FerretDB v2 in development and CI, MongoDB in production).
 * If the server is ever swapped again, this file says at once which promise it breaks.
 */
import mongoose, { type mongo } from 'mongoose';
import { isDuplicateKey, onlyDuplicateKeys } from '../src/mongo';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';

const DB = 'int_store_semantics';

interface Doc {
  _id: string;
  key?: string;
  revision?: number;
  count?: number;
  n?: number;
}

describe('the MongoDB-wire server keeps the promises the stores rely on', () => {
  let conn: mongoose.Connection;
  let col: mongo.Collection<Doc>;

  beforeAll(async () => {
    await dropDatabase(DB);
    conn = await mongoose.createConnection(testMongoUrl(DB), { maxPoolSize: 20 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await dropDatabase(DB);
  });
  beforeEach(async () => {
    col = conn.collection<Doc>(`c${Math.random().toString(36).slice(2, 8)}`);
    await col.createIndexes([{ key: { key: 1 }, unique: true, sparse: true }]);
  });

  it('refuses a second document with the same _id or unique key with code 11000', async () => {
    await col.insertOne({ _id: 'a', key: 'k' });
    const sameId = await col.insertOne({ _id: 'a' }).catch((e: unknown) => e);
    const sameKey = await col.insertOne({ _id: 'b', key: 'k' }).catch((e: unknown) => e);
    expect(isDuplicateKey(sameId)).toBe(true);
    expect(isDuplicateKey(sameKey)).toBe(true);
    expect(await col.countDocuments()).toBe(1);
  });

  it('lets exactly one of many concurrent compare-and-set updates of one revision win', async () => {
    await col.insertOne({ _id: 'cas', revision: 1, n: 0 });
    const writers = Array.from({ length: 40 }, (_, i) =>
      col.updateOne({ _id: 'cas', revision: 1 }, { $set: { revision: 2, n: i } }),
    );
    const results = await Promise.all(writers);
    expect(results.filter((r) => r.matchedCount === 1)).toHaveLength(1);
    expect((await col.findOne({ _id: 'cas' }))?.revision).toBe(2);
  });

  it('applies concurrent $inc atomically (no increment lost)', async () => {
    await col.insertOne({ _id: 'counter', count: 0 });
    await Promise.all(
      Array.from({ length: 200 }, () => col.updateOne({ _id: 'counter' }, { $inc: { count: 1 } })),
    );
    expect((await col.findOne({ _id: 'counter' }))?.count).toBe(200);
  });

  it('reports, per document, which inserts of an unordered insertMany were duplicates', async () => {
    await col.insertMany([{ _id: 'd1' }, { _id: 'd3' }]);
    const err = await col
      .insertMany([{ _id: 'd1' }, { _id: 'd2' }, { _id: 'd3' }, { _id: 'd4' }], { ordered: false })
      .catch((e: unknown) => e);
    expect(onlyDuplicateKeys(err)).toBe(true);
    const raw = (err as { writeErrors: { index: number } | { index: number }[] }).writeErrors;
    const failed = (Array.isArray(raw) ? raw : [raw]).map((e) => e.index).sort();
    expect(failed).toEqual([0, 2]);
    expect((await col.find().toArray()).map((d) => d._id).sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
  });

  it('applies an unordered bulkWrite of compare-and-set updates one by one and counts the matches', async () => {
    await col.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `b${i}`, revision: 1 })));
    // Every third document has moved on already: its compare-and-set must not match.
    await col.updateMany(
      { _id: { $in: Array.from({ length: 100 }, (_, i) => `b${i * 3}`) } },
      {
        $set: { revision: 5 },
      },
    );
    const res = await col.bulkWrite(
      Array.from({ length: 300 }, (_, i) => ({
        updateOne: { filter: { _id: `b${i}`, revision: 1 }, update: { $set: { revision: 2 } } },
      })),
      { ordered: false },
    );
    expect(res.matchedCount).toBe(200);
    expect(await col.countDocuments({ revision: 2 })).toBe(200);
    expect(await col.countDocuments({ revision: 5 })).toBe(100);
  });

  it('answers $in on _id, ranges and sorts from the data, not from a stale index', async () => {
    await col.insertMany(
      Array.from({ length: 50 }, (_, i) => ({ _id: `r${String(i).padStart(2, '0')}`, n: i })),
    );
    const some = await col.find({ _id: { $in: ['r03', 'r07', 'nope'] } }).toArray();
    expect(some.map((d) => d._id).sort()).toEqual(['r03', 'r07']);
    const range = await col
      .find({ n: { $gte: 45 } })
      .sort({ n: -1 })
      .limit(3)
      .toArray();
    expect(range.map((d) => d.n)).toEqual([49, 48, 47]);
  });
});
