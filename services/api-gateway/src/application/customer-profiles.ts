import { Inject, Injectable } from '@nestjs/common';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';
import { toCustomerTraceView, toCustomerView, type CustomerTraceView, type CustomerView } from './rest-views';

/** Customer profiles and their journey traces, kept by the orchestrator. */
@Injectable()
export class CustomerProfiles {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  async upsert(
    principal: Principal,
    customerId: string,
    attributes: Record<string, unknown>,
  ): Promise<CustomerView> {
    const customer = await this.orchestrator.upsertCustomer({
      workspaceId: principal.workspaceId,
      customerId,
      attributes,
    });
    return toCustomerView(customer);
  }

  async get(principal: Principal, customerId: string): Promise<CustomerView> {
    return toCustomerView(
      await this.orchestrator.getCustomer({ workspaceId: principal.workspaceId, customerId }),
    );
  }

  async trace(principal: Principal, customerId: string): Promise<CustomerTraceView> {
    const trace = await this.orchestrator.getCustomerTrace({
      workspaceId: principal.workspaceId,
      customerId,
    });
    // Nothing traced and no profile: no such customer in this workspace (404, as GET /customers/{id}),
    // rather than an empty trace that reads the same for another workspace's customer.
    if ((trace.entries ?? []).length === 0)
      await this.orchestrator.getCustomer({ workspaceId: principal.workspaceId, customerId });
    return toCustomerTraceView(trace);
  }
}
