import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { AlertRules } from '../../application/alert-rules';
import type { Principal } from '../../application/principal';
import { CurrentPrincipal } from './principal.decorator';
import {
  alertRuleChangeSchema,
  alertRuleSchema,
  type AlertRuleChangeDto,
  type AlertRuleDto,
} from './schemas/alert-rules.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

/** Alert rules of the workspace (docs/api.md, "Alert rules"; evaluated by services/analytics). */
@Controller('v1/alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRules) {}

  @Post()
  @HttpCode(201)
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(alertRuleSchema)) dto: AlertRuleDto) {
    return this.rules.create(p, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.rules.list(p);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.rules.get(p, id);
  }

  @Patch(':id')
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(alertRuleChangeSchema)) dto: AlertRuleChangeDto,
  ) {
    return this.rules.update(p, id, dto);
  }

  @Delete(':id')
  delete(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.rules.delete(p, id);
  }
}
