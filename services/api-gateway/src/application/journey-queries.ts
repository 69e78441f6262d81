import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { PageCursors } from './page-cursors';
import type { Principal } from './principal';
import { toJourneyView, toVersionView, type JourneyVersionView, type JourneyView } from './rest-views';

export interface ListJourneysInput {
  status?: string;
  limit: number;
  cursor?: string;
}

/** Read-only questions about journeys and their versions, answered by the orchestrator. */
@Injectable()
export class JourneyQueries {
  constructor(
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    private readonly cursors: PageCursors,
  ) {}

  async list(
    principal: Principal,
    input: ListJourneysInput,
  ): Promise<{ journeys: JourneyView[]; nextCursor: string | null }> {
    const page = await this.orchestrator.listJourneys({
      workspaceId: principal.workspaceId,
      status: input.status ?? '',
      limit: input.limit,
      cursor: this.cursors.open('journeys', principal.workspaceId, input.cursor) ?? '',
    });
    return {
      journeys: page.journeys.map(toJourneyView),
      nextCursor: this.cursors.issue('journeys', principal.workspaceId, page.nextCursor),
    };
  }

  async get(principal: Principal, journeyId: string): Promise<JourneyView> {
    return toJourneyView(
      await this.orchestrator.getJourney({ workspaceId: principal.workspaceId, journeyId }),
    );
  }

  async listVersions(principal: Principal, journeyId: string): Promise<{ versions: JourneyVersionView[] }> {
    const res = await this.orchestrator.listVersions({ workspaceId: principal.workspaceId, journeyId });
    return { versions: res.versions.map(toVersionView) };
  }

  async getVersion(principal: Principal, journeyId: string, version: number): Promise<JourneyVersionView> {
    return toVersionView(
      await this.orchestrator.getVersion({ workspaceId: principal.workspaceId, journeyId, version }),
    );
  }
}
