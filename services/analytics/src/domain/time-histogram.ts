/**
 * Time spent at a node as a fixed-bucket histogram, so that per-node figures can be kept as
 * counters (added to once per event) instead of re-reading every visit. Buckets are logarithmic:
 * bucket 0 holds 0 ms, bucket b >= 1 holds [2^((b-1)/16), 2^(b/16)) ms, so each bucket is 4.4%
 * wide. Each bucket also keeps the largest duration it received, and a percentile is answered by
 * that largest value of the bucket holding the rank: never below the exact nearest-rank value and
 * at most 4.4% above it, and exact when the visits of that bucket all took the same time (a fixed
 * wait).
 */

export const BUCKETS_PER_DOUBLING = 16;

export interface TimeHistogram {
  /** Visits measured. */
  count: number;
  sumMs: number;
  /** Visits per bucket, by bucket index (sparse). */
  buckets: Record<number, number>;
  /** Largest duration per bucket (ms). */
  maxMs: Record<number, number>;
}

export const emptyHistogram = (): TimeHistogram => ({ count: 0, sumMs: 0, buckets: {}, maxMs: {} });

/** The bucket of a duration (ms, >= 0; a negative one, a clock step back, counts as 0). */
export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  return 1 + Math.floor(Math.log2(ms) * BUCKETS_PER_DOUBLING);
}

export function addDuration(h: TimeHistogram, ms: number): void {
  const d = Math.max(0, ms);
  const b = bucketOf(d);
  h.count += 1;
  h.sumMs += d;
  h.buckets[b] = (h.buckets[b] ?? 0) + 1;
  h.maxMs[b] = Math.max(h.maxMs[b] ?? 0, d);
}

/** Adds `from` into `into`. */
export function mergeHistogram(into: TimeHistogram, from: TimeHistogram): void {
  into.count += from.count;
  into.sumMs += from.sumMs;
  for (const [key, n] of Object.entries(from.buckets)) {
    const b = Number(key);
    into.buckets[b] = (into.buckets[b] ?? 0) + n;
  }
  for (const [key, ms] of Object.entries(from.maxMs)) {
    const b = Number(key);
    into.maxMs[b] = Math.max(into.maxMs[b] ?? 0, ms);
  }
}

export function histogramAverage(h: TimeHistogram): number {
  return h.count === 0 ? 0 : h.sumMs / h.count;
}

/** Nearest-rank percentile (p in 0..100), as the largest duration of the bucket holding the rank; 0 for none. */
export function histogramPercentile(h: TimeHistogram, p: number): number {
  const total = Object.values(h.buckets).reduce((a, n) => a + n, 0);
  if (total === 0) return 0;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  const ordered = Object.keys(h.buckets)
    .map(Number)
    .sort((a, b) => a - b);
  for (const b of ordered) {
    seen += h.buckets[b];
    if (seen >= rank) return h.maxMs[b] ?? 0;
  }
  return h.maxMs[ordered[ordered.length - 1]] ?? 0;
}
