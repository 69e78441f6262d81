/**
 * A small in-memory cache with a time-to-live per entry and one in-flight load per key (a burst of
 * requests with the same key costs one lookup). Rejected loads are not cached.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly loading = new Map<K, Promise<V>>();

  constructor(
    private readonly ttlMs: (value: V) => number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise: Promise<V> = load().then(
      (value) => {
        // Stored only if not deleted meanwhile: a load that began before a change is stale.
        if (this.loading.get(key) === promise) {
          this.loading.delete(key);
          this.store(key, value);
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  delete(key: K): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  private store(key: K, value: V): void {
    const ttl = this.ttlMs(value);
    if (ttl <= 0) return;
    // Bounded: drop the oldest entry (Map keeps insertion order) rather than grow without limit.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, expiresAt: this.now() + ttl });
  }
}
