import mongoose from 'mongoose';
import type { mongo } from 'mongoose';
import { monitorMongoCommands } from './command-latency';

/**
 * One mongoose connection per service, to a database of its own on the shared server
 * (no service reads another's database). DocumentDB behind FerretDB v2 in development and CI,
 * MongoDB in production. Its commands are timed by command name (monitorMongoCommands).
 */
export async function connectMongo(url: string, dbName: string): Promise<mongoose.Connection> {
  const countCommands = process.env.MONGODB_COMMAND_COUNTS === '1';
  // Command monitoring makes the driver decode every reply a second time (for the event), so it
  // can be turned off where that CPU matters more than the per-command latency histogram.
  const timeCommands = process.env.MONGODB_COMMAND_METRICS !== 'off';
  const conn = mongoose.createConnection(url, {
    dbName,
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: Number(process.env.MONGODB_POOL_SIZE ?? 20),
    autoIndex: false,
    autoCreate: false,
    // Every command's latency goes to /metrics (command-latency.ts).
    monitorCommands: timeCommands || countCommands,
  });
  if (timeCommands) monitorMongoCommands(conn.getClient());
  if (countCommands)
    conn.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      const collection = e.command[e.commandName];
      const key = typeof collection === 'string' ? `${e.commandName} ${collection}` : e.commandName;
      mongoCommandCounts.set(key, (mongoCommandCounts.get(key) ?? 0) + 1);
    });
  await conn.asPromise();
  return conn;
}

/**
 * Commands sent per `<command> <collection>` since the process started, counted only when
 * MONGODB_COMMAND_COUNTS=1 (benchmarks: how many round trips one enrollment or event costs).
 * Served at the health server's /debug/mongo-commands.
 */
export const mongoCommandCounts = new Map<string, number>();

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

interface WriteErrorLike {
  index: number;
  code: number;
  errmsg?: string;
}

/** The per-operation errors of a failed bulk write by index, or undefined when it failed whole. */
export function writeErrorsByIndex(err: unknown): Map<number, WriteErrorLike> | undefined {
  const raw = (err as { writeErrors?: WriteErrorLike | WriteErrorLike[] } | null)?.writeErrors;
  if (!raw) return undefined;
  return new Map((Array.isArray(raw) ? raw : [raw]).map((e) => [e.index, e]));
}

/**
 * One unordered insertMany; per document: true inserted, false its `_id` (or a unique key) exists,
 * or the Error the server gave for it. Throws when the call failed as a whole.
 */
export async function insertEach<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  docs: T[],
): Promise<Array<boolean | Error>> {
  // The driver refuses an empty batch ("Batch cannot be empty"); nothing to insert is no error.
  if (docs.length === 0) return [];
  try {
    await collection.insertMany(docs as mongo.OptionalUnlessRequiredId<T>[], { ordered: false });
    return docs.map(() => true);
  } catch (err) {
    const failures = writeErrorsByIndex(err);
    if (!failures) throw err;
    return docs.map((_, i) => {
      const failure = failures.get(i);
      if (!failure) return true;
      if (failure.code === DUPLICATE_KEY) return false;
      return new Error(failure.errmsg ?? `insert failed with code ${failure.code}`);
    });
  }
}

/**
 * Readiness of a connection: a ping round trip (so that the health server's /metrics shows the
 * database's latency), false while disconnected.
 */
export function mongoPing(conn: mongoose.Connection): () => Promise<boolean> {
  return async () => {
    const db = conn.db;
    if (conn.readyState !== mongoose.ConnectionStates.connected || !db) return false;
    await db.admin().ping();
    return true;
  };
}
