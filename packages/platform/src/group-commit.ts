/**
 * Group commit: requests handed in while earlier ones are being written leave together, as one
 * batch, in one round trip. A request that finds the writer idle goes at once (no added latency
 * when the system is quiet); under load, batches grow by themselves to the number of requests
 * that arrived during one round trip. On DocumentDB one bulk call is one PostgreSQL transaction
 * for the whole batch: a bulkWrite of 200 updates costs about what 15 single updates cost.
 *
 * `write` gets the items of a batch and answers one result per item, in order; an `Error` in its
 * answer rejects that item alone, a thrown error rejects the whole batch.
 */
export interface GroupCommitOptions {
  /** Items per batch at most (default 500). */
  maxBatch?: number;
  /** Batches in flight at once (default 2: one being written while the next fills). */
  parallel?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly parallel: number;

  constructor(
    private readonly write: (items: I[]) => Promise<Array<O | Error>>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.parallel = options.parallel ?? 2;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.parallel && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting<I, O>[]): Promise<void> {
    let results: Array<O | Error>;
    try {
      results = await this.write(batch.map((w) => w.item));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    if (results.length !== batch.length) {
      const err = new Error(`group commit: ${results.length} results for ${batch.length} items`);
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const result = results[i];
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }
}
