import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { ORCHESTRATOR, type OrchestratorClient } from '../../ports/orchestrator.port';
import { CurrentPrincipal } from './principal.decorator';

/**
 * The workspace's global frequency caps (docs/frequency-caps.md). Validation (and its error
 * `invalid_cap_policy` with the list of problems) is done where the policy is kept.
 */
@Controller('v1/frequency-caps')
export class FrequencyCapsController {
  constructor(@Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient) {}

  @Get()
  async get(@CurrentPrincipal() p: Principal) {
    return (await this.orchestrator.getCapPolicy({ workspaceId: p.workspaceId })).policy ?? { rules: [] };
  }

  @Put()
  async put(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const policy = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    return (
      (await this.orchestrator.setCapPolicy({ workspaceId: p.workspaceId, policy })).policy ?? { rules: [] }
    );
  }
}
