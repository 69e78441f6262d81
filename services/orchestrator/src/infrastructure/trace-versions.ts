import type { TraceEntry } from '@kalcifer/journey';

/** A trace entry as stored: the journey version the instance was on when the entry happened. */
export type VersionedTraceEntry = TraceEntry & { version: number };

/**
 * Stamps the version of the step that writes the entries: the instance's version after the step.
 * A migration step is wholly on the new version (its `migrated` lines say from and to).
 */
export function stampVersion(trace: TraceEntry[], version: number): VersionedTraceEntry[] {
  return trace.map((entry) => ({ ...entry, version }));
}

/**
 * The version of every entry of one instance's trace, in stored order. An entry stored with its
 * version keeps it. Entries stored before versions were stored with them are read from the
 * `migrated` lines around them: before the first one, the version it migrated from; after a
 * `migrated` line, the version it migrated to; with no migration at all, the instance's version.
 */
export function traceWithVersions(
  entries: Array<TraceEntry & { version?: number }>,
  instanceVersion: number,
): VersionedTraceEntry[] {
  let current = startVersion(entries, instanceVersion);
  return entries.map((entry) => {
    const move = migrationOf(entry);
    if (move) current = move.toVersion;
    const version = typeof entry.version === 'number' ? entry.version : current;
    current = version;
    return { ...entry, version };
  });
}

function startVersion(entries: TraceEntry[], instanceVersion: number): number {
  for (const entry of entries) {
    const move = migrationOf(entry);
    if (move) return move.fromVersion;
  }
  return instanceVersion;
}

function migrationOf(entry: TraceEntry): { fromVersion: number; toVersion: number } | undefined {
  if (entry.type !== 'migrated') return undefined;
  const { fromVersion, toVersion } = entry.data ?? {};
  return typeof fromVersion === 'number' && typeof toVersion === 'number'
    ? { fromVersion, toVersion }
    : undefined;
}
