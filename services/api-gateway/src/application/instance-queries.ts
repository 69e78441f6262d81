import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { PageCursors } from './page-cursors';
import type { Principal } from './principal';
import { toInstanceView, type InstanceView } from './rest-views';

export interface ListInstancesInput {
  journeyId?: string;
  customerId?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

@Injectable()
export class InstanceQueries {
  constructor(
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    private readonly cursors: PageCursors,
  ) {}

  async list(
    principal: Principal,
    input: ListInstancesInput,
  ): Promise<{ instances: InstanceView[]; nextCursor: string | null }> {
    const page = await this.orchestrator.listInstances({
      workspaceId: principal.workspaceId,
      journeyId: input.journeyId ?? '',
      customerId: input.customerId ?? '',
      status: input.status ?? '',
      limit: input.limit,
      cursor: this.cursors.open('instances', principal.workspaceId, input.cursor) ?? '',
    });
    return {
      instances: page.instances.map(toInstanceView),
      nextCursor: this.cursors.issue('instances', principal.workspaceId, page.nextCursor),
    };
  }

  async get(principal: Principal, instanceId: string): Promise<InstanceView> {
    return toInstanceView(
      await this.orchestrator.getInstance({ workspaceId: principal.workspaceId, instanceId }),
    );
  }
}
