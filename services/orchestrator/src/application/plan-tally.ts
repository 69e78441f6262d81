import type { MigrationPlanSummary, PlannedOutcome } from '@kalcifer/journey';

type PageSummary = Omit<MigrationPlanSummary, 'problems'>;

/**
 * The dry run's summary, added up one page at a time so that no page outlives its summary: the
 * same answer as summarising every outcome at once (groups keep the order in which they first
 * appeared, counts add up).
 */
export class PlanTally {
  private total = 0;
  private readonly moves = new Map<string, PageSummary['moves'][number]>();
  private readonly outcomes: Record<PlannedOutcome, number> = {
    migrated: 0,
    exited: 0,
    held: 0,
    unchanged: 0,
  };

  add(page: PageSummary): void {
    this.total += page.total;
    for (const move of page.moves) {
      const key = JSON.stringify([move.from, move.to, move.outcome]);
      const group = this.moves.get(key);
      if (group === undefined) this.moves.set(key, { ...move });
      else group.count += move.count;
    }
    for (const kind of Object.keys(this.outcomes) as PlannedOutcome[])
      this.outcomes[kind] += page.outcomes[kind];
  }

  summary(): PageSummary {
    return {
      total: this.total,
      moves: [...this.moves.values()].map((m) => ({ ...m })),
      outcomes: { ...this.outcomes },
    };
  }
}
