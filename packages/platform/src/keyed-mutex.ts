/**
 * Runs work for one key at a time within this process, in arrival order.
 *
 * Why: two handlers of one process working on the same instance (or send key) at once would only
 * make one of their compare-and-set writes fail and retry. Serialising the read-modify-write per
 * key inside a process removes those pointless conflicts; across processes the store's atomic
 * single-document updates (MongoDB, and DocumentDB in development: see
 * packages/platform/test/store-semantics.int.test.ts) decide.
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
