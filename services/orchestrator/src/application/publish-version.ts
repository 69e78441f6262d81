import { conflict, invalid } from '@kalcifer/platform';
import type { JourneyStore, VersionRecord } from '../ports/journey-store';
import { requirePublishableGraph } from './graph-input';
import type { JourneyCatalog } from './journey-catalog';
import type { ManageJourneys } from './manage-journeys';

export const SUPPORTED_STRATEGIES = ['new_entries_only'] as const;

/**
 * Publishing freezes the draft as an immutable version. With "new entries only", instances stay
 * pinned to their version and new entries take the new one. Live migration is issue [3/3].
 */
export class PublishVersion {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly manage: ManageJourneys,
    private readonly catalog: JourneyCatalog,
  ) {}

  async execute(
    workspaceId: string,
    journeyId: string,
    input: { strategy: string; note: string; actor: string; dryRun: boolean },
  ): Promise<{ version: VersionRecord; dryRun: boolean }> {
    const strategy = input.strategy || 'new_entries_only';
    if (!(SUPPORTED_STRATEGIES as readonly string[]).includes(strategy)) {
      throw invalid(
        'unsupported_strategy',
        `Strategy "${strategy}" is not available: live migration of running customers is not implemented yet; use "new_entries_only"`,
      );
    }
    const journey = await this.manage.get(workspaceId, journeyId);
    if (journey.status === 'archived')
      throw conflict('journey_archived', 'An archived journey cannot be published');
    const graph = requirePublishableGraph(journey.draft);
    const version: VersionRecord = {
      workspaceId,
      journeyId,
      version: journey.latestVersion + 1,
      graph,
      strategy,
      note: input.note,
      author: input.actor,
      createdAt: new Date(),
    };
    if (input.dryRun) return { version, dryRun: true };
    if (!(await this.journeys.insertVersion(version))) {
      throw conflict('version_conflict', 'Another publish of this journey happened at the same time; retry');
    }
    const updated = await this.journeys.update(workspaceId, journeyId, journey.updatedAt, {
      latestVersion: version.version,
      activeVersion: version.version,
      updatedAt: new Date(),
    });
    if (!updated) throw conflict('concurrent_update', 'The journey changed while publishing; retry');
    this.catalog.invalidate(workspaceId, journeyId);
    return { version, dryRun: false };
  }
}
