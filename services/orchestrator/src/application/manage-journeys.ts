import { randomBytes } from 'node:crypto';
import { conflict, invalid, notFound } from '@kalcifer/platform';
import type { JourneyRecord, JourneyStore } from '../ports/journey-store';
import { EMPTY_GRAPH, requireValidGraph } from './graph-input';
import type { JourneyCatalog } from './journey-catalog';

/** Creating journeys and editing their draft. Publishing is publish-version.ts. */
export class ManageJourneys {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly catalog: JourneyCatalog,
  ) {}

  async create(workspaceId: string, input: { name: string; description: string; graph?: unknown }) {
    const name = input.name.trim();
    if (!name) throw invalid('invalid_request', 'name is required: give the journey a name');
    const draft = input.graph === undefined ? EMPTY_GRAPH : requireValidGraph(input.graph);
    const now = new Date();
    const journey: JourneyRecord = {
      id: `jr_${randomBytes(9).toString('base64url')}`,
      workspaceId,
      name,
      description: input.description,
      status: 'draft',
      draft,
      latestVersion: 0,
      activeVersion: 0,
      createdAt: now,
      updatedAt: now,
      webhookToken: randomBytes(24).toString('base64url'),
    };
    await this.journeys.create(journey);
    return journey;
  }

  async get(workspaceId: string, journeyId: string): Promise<JourneyRecord> {
    const journey = await this.journeys.get(workspaceId, journeyId);
    if (!journey) throw notFound('journey_not_found', `No journey with id "${journeyId}" in this workspace`);
    return journey;
  }

  list(workspaceId: string, query: { status?: string; limit: number; cursor?: string }) {
    return this.journeys.list(workspaceId, query);
  }

  async updateDraft(
    workspaceId: string,
    journeyId: string,
    input: { graph: unknown; name?: string; description?: string },
  ) {
    const draft = requireValidGraph(input.graph);
    const journey = await this.get(workspaceId, journeyId);
    if (journey.status === 'archived')
      throw conflict('journey_archived', 'An archived journey cannot be edited');
    const changes = {
      draft,
      updatedAt: new Date(),
      ...(input.name?.trim() ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined && input.description !== ''
        ? { description: input.description }
        : {}),
    };
    if (!(await this.journeys.update(workspaceId, journeyId, journey.updatedAt, changes))) {
      throw conflict('concurrent_update', 'The journey changed while saving; reload it and retry');
    }
    this.catalog.invalidate(workspaceId, journeyId);
    return { ...journey, ...changes };
  }
}
