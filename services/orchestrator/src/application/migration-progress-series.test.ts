import type { MigrationSample } from '../ports/migration-progress-log';
import { nextSeries } from './migration-progress-series';

const limits = { intervalMs: 1_000, maxSamples: 6 };
const sample = (at: number, migrated: number, enqueued = 0): MigrationSample => ({
  at,
  total: migrated + enqueued,
  enqueued,
  migrated,
  held: 0,
  exited: 0,
  failed: 0,
  unchanged: 0,
});

describe('a migration progress series', () => {
  it('starts with the first sample and waits an interval before the next', () => {
    const first = nextSeries(null, sample(0, 0, 10), false, limits)!;
    expect(first).toEqual({ intervalMs: 1_000, nextAt: 1_000, final: false, samples: [sample(0, 0, 10)] });
    expect(nextSeries(first, sample(500, 5, 5), false, limits)).toBeNull();
    expect(nextSeries(first, sample(1_000, 5, 5), false, limits)?.samples).toHaveLength(2);
  });

  it('keeps no sample equal to the last one, but moves its next sample on', () => {
    const first = nextSeries(null, sample(0, 3, 7), false, limits)!;
    expect(nextSeries(first, sample(1_200, 3, 7), false, limits)).toEqual({ ...first, nextAt: 2_200 });
  });

  it('closes with the final counts at once, even before the interval, and then takes nothing', () => {
    const first = nextSeries(null, sample(0, 3, 7), false, limits)!;
    const closed = nextSeries(first, sample(300, 10), true, limits)!;
    expect(closed.final).toBe(true);
    expect(closed.samples.at(-1)).toEqual(sample(300, 10));
    expect(nextSeries(closed, sample(5_000, 10), true, limits)).toBeNull();
    // Unchanged counts still close it.
    expect(nextSeries(first, sample(400, 3, 7), true, limits)).toMatchObject({
      final: true,
      samples: [first.samples[0]],
    });
  });

  it('past its bound keeps every other sample, the first and the last, and doubles the interval', () => {
    let series = nextSeries(null, sample(0, 0), false, limits)!;
    for (let i = 1; i <= 6; i++) series = nextSeries(series, sample(i * 1_000, i), false, limits)!;
    expect(series.samples.map((s) => s.migrated)).toEqual([0, 2, 4, 6]);
    expect(series.intervalMs).toBe(2_000);
    expect(series.nextAt).toBe(8_000);
    expect(nextSeries(series, sample(7_000, 7), false, limits)).toBeNull();
    // However long it runs, it stays bounded and spans the whole migration.
    for (let at = 8_000; at < 1_000_000; at += 1_000)
      series = nextSeries(series, sample(at, at), false, limits) ?? series;
    expect(series.samples.length).toBeLessThanOrEqual(limits.maxSamples);
    expect(series.samples[0].at).toBe(0);
  });
});
