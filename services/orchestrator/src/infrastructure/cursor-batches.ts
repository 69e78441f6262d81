import type { mongo } from 'mongoose';

/**
 * Reads a query's cursor in arrays of up to `size` mapped documents: one query for a whole
 * journey, handed out a batch at a time. The cursor is closed however the reader stops.
 */
export async function* inBatches<D, T>(
  cursor: mongo.FindCursor<D>,
  size: number,
  map: (doc: D) => T,
): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for await (const doc of cursor) {
      batch.push(map(doc));
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await cursor.close();
  }
}
