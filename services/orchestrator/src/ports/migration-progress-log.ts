import type { MigrationCounts } from './migration-store';

/** The counts of a migration at one moment (epoch ms). */
export type MigrationSample = MigrationCounts & { at: number };

/** A migration's counts over time (FR-10.6), oldest first. */
export interface MigrationProgressSeries {
  /** The spacing of the samples now: doubled each time the series is thinned. */
  intervalMs: number;
  /** No sample is taken before this (epoch ms). */
  nextAt: number;
  /** The migration is over: the last sample holds its final counts, nothing more is added. */
  final: boolean;
  samples: MigrationSample[];
}

export interface MigrationRef {
  workspaceId: string;
  journeyId: string;
  migrationId: string;
}

/** Where the progress samples of migrations are kept (one series per migration). */
export interface MigrationProgressLog {
  get(ref: MigrationRef): Promise<MigrationProgressSeries | null>;
  /** The series not final yet, without their samples. */
  listOpen(): Promise<(MigrationRef & Omit<MigrationProgressSeries, 'samples'>)[]>;
  /** The state of these migrations' series (those that have one), without their samples. */
  states(refs: MigrationRef[]): Promise<Map<string, Omit<MigrationProgressSeries, 'samples'>>>;
  /**
   * Replaces `before` by `after` if nobody changed it meanwhile (another replica sampling at the
   * same time); `before` null creates the series. False when someone else got there first.
   */
  replace(
    ref: MigrationRef,
    before: MigrationProgressSeries | null,
    after: MigrationProgressSeries,
  ): Promise<boolean>;
}
