/**
 * Runs work for one key at a time within this process, in arrival order.
 *
 * Why: FerretDB 1.24 (the development and CI store) applies an update by reading the matching
 * document and then writing it back by `_id` alone, so a filtered update such as a
 * compare-and-set on `revision` is not atomic there: two concurrent writers can both "win".
 * MongoDB's single-document updates are atomic. Serialising the read-modify-write of one
 * instance (or one send key) inside a process restores compare-and-set semantics for a single
 * replica on FerretDB; on MongoDB it only removes pointless conflicts.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work queued or running (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
