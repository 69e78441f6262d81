import { percentile } from './percentile';
import {
  addDuration,
  bucketOf,
  emptyHistogram,
  histogramAverage,
  histogramPercentile,
  mergeHistogram,
} from './time-histogram';

describe('time spent as a fixed-bucket histogram', () => {
  it('puts 0 ms in bucket 0 and each doubling in 16 buckets', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(2)).toBe(17);
    expect(bucketOf(1024)).toBe(161);
  });

  it('answers p95 exactly when the visits of the rank bucket took the same time (a fixed wait)', () => {
    const h = emptyHistogram();
    for (let i = 0; i < 95; i++) addDuration(h, 120_000);
    for (let i = 0; i < 5; i++) addDuration(h, 3 * 86_400_000);
    expect(histogramPercentile(h, 95)).toBe(120_000);
    expect(histogramPercentile(h, 96)).toBe(3 * 86_400_000);
    expect(histogramAverage(h)).toBe((95 * 120_000 + 5 * 3 * 86_400_000) / 100);
  });

  it('is never below the exact nearest-rank value and at most 4.4% above it', () => {
    // 1,000 durations spread over five orders of magnitude (a fixed pseudo-random sequence).
    let seed = 7;
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) {
      seed = (seed * 48271) % 2147483647;
      values.push(Math.floor(10 ** (1 + (seed / 2147483647) * 5)));
    }
    const h = emptyHistogram();
    for (const v of values) addDuration(h, v);
    for (const p of [50, 90, 95, 99]) {
      const exact = percentile(values, p);
      const approx = histogramPercentile(h, p);
      expect(approx).toBeGreaterThanOrEqual(exact);
      expect(approx).toBeLessThanOrEqual(exact * 2 ** (1 / 16));
    }
  });

  it('merges counts, sums and the largest value of each bucket', () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    addDuration(a, 1000);
    addDuration(b, 1010);
    addDuration(b, 5);
    mergeHistogram(a, b);
    expect(a.count).toBe(3);
    expect(a.sumMs).toBe(2015);
    expect(a.buckets[bucketOf(1000)]).toBe(2);
    expect(a.maxMs[bucketOf(1000)]).toBe(1010);
    expect(histogramPercentile(emptyHistogram(), 95)).toBe(0);
  });
});
