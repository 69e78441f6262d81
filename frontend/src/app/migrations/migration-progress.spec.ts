import type { Migration } from '../api/api-models';
import { isSettled, processedPercent, progressParts } from './migration-progress';

const counts = (c: Partial<Migration['counts']>): Migration['counts'] => ({
  total: 0,
  enqueued: 0,
  migrated: 0,
  held: 0,
  exited: 0,
  failed: 0,
  unchanged: 0,
  ...c,
});

describe('migration progress', () => {
  it('splits the bar by outcome, in shares of the instances taken up', () => {
    const parts = progressParts(counts({ total: 4, migrated: 2, held: 1, enqueued: 1 }));
    expect(parts.filter((p) => p.count > 0)).toEqual([
      { key: 'migrated', count: 2, percent: 50 },
      { key: 'held', count: 1, percent: 25 },
      { key: 'enqueued', count: 1, percent: 25 },
    ]);
  });

  it('counts a migration with no instance as fully processed', () => {
    expect(processedPercent(counts({}))).toBe(100);
    expect(processedPercent(counts({ total: 4, enqueued: 1 }))).toBe(75);
  });

  it('is settled only when no longer running and nothing is left to process', () => {
    const m = { status: 'completed', counts: counts({ total: 1, migrated: 1 }) } as Migration;
    expect(isSettled(m)).toBe(true);
    expect(isSettled({ ...m, status: 'running' })).toBe(false);
    expect(isSettled({ ...m, status: 'superseded', counts: counts({ total: 1, enqueued: 1 }) })).toBe(false);
  });
});
