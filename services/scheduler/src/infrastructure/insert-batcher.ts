import { GroupCommit, insertEach } from '@kalcifer/platform';
import type { mongo } from 'mongoose';

/**
 * Group commit for inserts: documents handed in while a write is in flight leave together as one
 * unordered insertMany. With N requests handled concurrently that is one round trip (and one
 * PostgreSQL transaction on DocumentDB) per up to N timers instead of N.
 */
export class InsertBatcher<T extends mongo.Document> {
  private readonly commit: GroupCommit<T, boolean>;

  constructor(collection: mongo.Collection<T>, maxBatch = 1_000) {
    this.commit = new GroupCommit((docs) => insertEach(collection, docs), { maxBatch, parallel: 1 });
  }

  /** Resolves true once inserted, false when the `_id` exists already. */
  insert(doc: T): Promise<boolean> {
    return this.commit.submit(doc);
  }
}
