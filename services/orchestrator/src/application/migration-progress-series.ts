import type { MigrationProgressSeries, MigrationSample } from '../ports/migration-progress-log';

export interface SeriesLimits {
  /** The first spacing of the samples (MIGRATION_PROGRESS_SAMPLE_MS). */
  intervalMs: number;
  /** Past this many samples the series is thinned, so a migration of days stays a small document. */
  maxSamples: number;
}

const COUNTED = ['total', 'enqueued', 'migrated', 'held', 'exited', 'failed', 'unchanged'] as const;

const sameCounts = (a: MigrationSample, b: MigrationSample) => COUNTED.every((k) => a[k] === b[k]);

/**
 * The series after a sample taken at `sample.at`, or null when it is not due (the interval has
 * not passed and the migration is not over) or adds nothing. A sample equal to the last one is not
 * kept (a gradual migration waiting days at 10% stays one point), except to close the series.
 * Past `maxSamples`, every other sample is dropped (the first and the last stay) and the
 * interval doubles: the whole migration stays visible at a coarser step.
 */
export function nextSeries(
  series: MigrationProgressSeries | null,
  sample: MigrationSample,
  final: boolean,
  limits: SeriesLimits,
): MigrationProgressSeries | null {
  if (series === null)
    return { intervalMs: limits.intervalMs, nextAt: sample.at + limits.intervalMs, final, samples: [sample] };
  if (series.final) return null;
  if (!final && sample.at < series.nextAt) return null;
  const last = series.samples[series.samples.length - 1];
  const changed = last === undefined || !sameCounts(last, sample);
  if (!changed && !final) return { ...series, nextAt: sample.at + series.intervalMs };
  let samples = changed ? [...series.samples, sample] : series.samples;
  let intervalMs = series.intervalMs;
  if (samples.length > limits.maxSamples) {
    samples = thin(samples);
    intervalMs *= 2;
  }
  return { intervalMs, nextAt: sample.at + intervalMs, final, samples };
}

/** Every other sample, keeping the first and the last. */
function thin(samples: MigrationSample[]): MigrationSample[] {
  const kept = samples.filter((_, i) => i % 2 === 0);
  const last = samples[samples.length - 1];
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}
