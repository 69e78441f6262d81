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
