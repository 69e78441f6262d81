import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';
import { nextCursorOrNull, toInstanceView, type InstanceView } from './rest-views';

export interface ListInstancesInput {
  journeyId?: string;
  customerId?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

@Injectable()
export class InstanceQueries {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

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
      cursor: input.cursor ?? '',
    });
    return { instances: page.instances.map(toInstanceView), nextCursor: nextCursorOrNull(page.nextCursor) };
  }

  async get(principal: Principal, instanceId: string): Promise<InstanceView> {
    return toInstanceView(
      await this.orchestrator.getInstance({ workspaceId: principal.workspaceId, instanceId }),
    );
  }
}
