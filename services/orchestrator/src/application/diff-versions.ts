import { diffVersions, type JourneyGraph, type VersionDiff } from '@kalcifer/journey';
import { invalid, notFound } from '@kalcifer/platform';
import { EMPTY_GRAPH } from './graph-input';
import type { JourneyRecord, JourneyStore } from '../ports/journey-store';

/** One side of a diff: a published version number, or the journey's current draft. */
export type DiffSide = number | 'draft';

/** A diff with the sides it compares; `from: null`: nothing was published before (all added). */
export type SidedDiff = VersionDiff & { from: DiffSide | null; to: DiffSide };

/**
 * What changed between two versions of a journey, or between a version and the draft (US-10:
 * preview what a publish would change), in either order.
 */
export class DiffVersions {
  constructor(private readonly journeys: Pick<JourneyStore, 'get' | 'getVersion'>) {}

  async execute(workspaceId: string, journeyId: string, from: DiffSide, to: DiffSide): Promise<VersionDiff> {
    for (const [name, side] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (side !== 'draft' && (!Number.isInteger(side) || side < 1))
        throw invalid(
          'invalid_version',
          `"${name}" must be a published version number (1, 2, ...) or "draft", got ${side}`,
        );
    const [a, b] = await Promise.all([
      this.graphOf(workspaceId, journeyId, from),
      this.graphOf(workspaceId, journeyId, to),
    ]);
    return diffVersions(a, b);
  }

  /**
   * What publishing `graph` changes compared with the journey's latest version (the publish and
   * rollback answers carry it; `to` names the graph: "draft" or a version number).
   */
  async ofPublish(journey: JourneyRecord, graph: JourneyGraph, to: DiffSide): Promise<SidedDiff> {
    const latest =
      journey.latestVersion > 0
        ? await this.journeys.getVersion(journey.workspaceId, journey.id, journey.latestVersion)
        : null;
    return {
      from: latest ? latest.version : null,
      to,
      ...diffVersions(latest?.graph ?? EMPTY_GRAPH, graph),
    };
  }

  private async graphOf(workspaceId: string, journeyId: string, side: DiffSide): Promise<JourneyGraph> {
    if (side === 'draft') {
      const journey = await this.journeys.get(workspaceId, journeyId);
      if (!journey)
        throw notFound('journey_not_found', `No journey with id "${journeyId}" in this workspace`);
      return journey.draft;
    }
    const version = await this.journeys.getVersion(workspaceId, journeyId, side);
    if (!version) throw notFound('version_not_found', `Journey "${journeyId}" has no version ${side}`);
    return version.graph;
  }
}
