import { diffVersions, type VersionDiff } from '@kalcifer/journey';
import { invalid, notFound } from '@kalcifer/platform';
import type { JourneyStore } from '../ports/journey-store';

/** What changed between two published versions of a journey (either order). */
export class DiffVersions {
  constructor(private readonly journeys: JourneyStore) {}

  async execute(workspaceId: string, journeyId: string, from: number, to: number): Promise<VersionDiff> {
    for (const [name, v] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!Number.isInteger(v) || v < 1)
        throw invalid(
          'invalid_version',
          `"${name}" must be a published version number (1, 2, ...), got ${v}`,
        );
    const [a, b] = await Promise.all([
      this.journeys.getVersion(workspaceId, journeyId, from),
      this.journeys.getVersion(workspaceId, journeyId, to),
    ]);
    if (!a) throw notFound('version_not_found', `Journey "${journeyId}" has no version ${from}`);
    if (!b) throw notFound('version_not_found', `Journey "${journeyId}" has no version ${to}`);
    return diffVersions(a.graph, b.graph);
  }
}
