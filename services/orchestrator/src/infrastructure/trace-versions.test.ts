import type { TraceEntry } from '@kalcifer/journey';
import { stampVersion, traceWithVersions } from './trace-versions';

const entry = (type: TraceEntry['type'], at: number, data?: Record<string, unknown>): TraceEntry => ({
  at,
  type,
  ...(data ? { data } : {}),
});
const migrated = (at: number, fromVersion: number, toVersion: number) =>
  entry('migrated', at, { migrationId: `m${toVersion}`, fromVersion, toVersion });

describe('the version of each trace entry', () => {
  it('stamps the entries of a step with the version the step left the instance on', () => {
    expect(stampVersion([entry('node_entered', 1), entry('waiting', 1)], 3).map((t) => t.version)).toEqual([
      3, 3,
    ]);
  });

  it('keeps the version an entry was stored with, whatever version the instance is on now', () => {
    const stored = [
      { ...entry('instance_started', 1), version: 1 },
      { ...migrated(5, 1, 2), version: 2 },
      { ...entry('node_entered', 6), version: 2 },
    ];
    expect(traceWithVersions(stored, 2).map((t) => t.version)).toEqual([1, 2, 2]);
  });

  it('reads entries stored without a version from the migrations around them', () => {
    const legacy = [
      entry('instance_started', 1),
      entry('node_entered', 1),
      entry('waiting', 1),
      migrated(5, 1, 2),
      entry('waiting', 5), // the wait re-read on v2, in the same step
      migrated(5, 1, 2), // a second token of the same migration
      entry('node_entered', 9),
      migrated(10, 2, 3),
      entry('instance_completed', 11),
    ];
    expect(traceWithVersions(legacy, 3).map((t) => t.version)).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3]);
  });

  it('puts a never-migrated instance on its current version', () => {
    expect(traceWithVersions([entry('instance_started', 1)], 4).map((t) => t.version)).toEqual([4]);
  });

  it('reads legacy entries before stored ones by the first migration', () => {
    const mixed = [entry('instance_started', 1), { ...migrated(5, 1, 2), version: 2 }];
    expect(traceWithVersions(mixed, 2).map((t) => t.version)).toEqual([1, 2]);
  });
});
