import mongoose from 'mongoose';

/**
 * One mongoose connection per service, to a database of its own on the shared server
 * (no service reads another's database). FerretDB in development, MongoDB in production.
 */
export async function connectMongo(url: string, dbName: string): Promise<mongoose.Connection> {
  const conn = mongoose.createConnection(url, {
    dbName,
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: Number(process.env.MONGODB_POOL_SIZE ?? 20),
    autoIndex: false,
    autoCreate: false,
  });
  await conn.asPromise();
  return conn;
}

const DUPLICATE_KEY = 11000;

/** True when a write failed because a document with that `_id` (or unique key) exists. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * True when an unordered bulk insert failed only on documents that exist already (every one of
 * its write errors is a duplicate key); false for any other failure.
 */
export function onlyDuplicateKeys(err: unknown): boolean {
  const raw = (err as { writeErrors?: { code: number } | { code: number }[] } | null)?.writeErrors;
  if (!raw) return false;
  return (Array.isArray(raw) ? raw : [raw]).every((e) => e.code === DUPLICATE_KEY);
}
