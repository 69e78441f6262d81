import type { mongo } from 'mongoose';

interface Waiting<T> {
  doc: T;
  resolve: (inserted: boolean) => void;
  reject: (err: unknown) => void;
}

const DUPLICATE_KEY = 11000;

/**
 * Group commit for inserts: documents handed in while a write is in flight leave together as one
 * unordered insertMany. With N requests handled concurrently that is one round trip (and, on
 * FerretDB, one PostgreSQL transaction) per up to N timers instead of N.
 */
export class InsertBatcher<T extends mongo.Document> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(
    private readonly collection: mongo.Collection<T>,
    private readonly maxBatch = 1_000,
  ) {}

  /** Resolves true once inserted, false when the `_id` exists already. */
  insert(doc: T): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ doc, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.write(this.waiting.splice(0, this.maxBatch));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting<T>[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((w) => w.doc as mongo.OptionalUnlessRequiredId<T>),
        { ordered: false },
      );
      for (const w of batch) w.resolve(true);
    } catch (err) {
      const failures = writeErrorsByIndex(err);
      batch.forEach((w, i) => {
        if (!failures) return w.reject(err);
        const failure = failures.get(i);
        if (!failure) w.resolve(true);
        else if (failure.code === DUPLICATE_KEY) w.resolve(false);
        else w.reject(new Error(failure.errmsg ?? `insert failed with code ${failure.code}`));
      });
    }
  }
}

interface WriteErrorLike {
  index: number;
  code: number;
  errmsg?: string;
}

/** The per-document errors of a bulk write, or undefined when the whole batch failed. */
function writeErrorsByIndex(err: unknown): Map<number, WriteErrorLike> | undefined {
  const raw = (err as { writeErrors?: WriteErrorLike | WriteErrorLike[] } | null)?.writeErrors;
  if (!raw) return undefined;
  return new Map((Array.isArray(raw) ? raw : [raw]).map((e) => [e.index, e]));
}
