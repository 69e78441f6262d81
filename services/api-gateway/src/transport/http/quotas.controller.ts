import { Body, Controller, Get, Put } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { Quotas } from '../../application/workspace-quotas';
import { CurrentPrincipal } from './principal.decorator';
import { updateQuotasSchema, type UpdateQuotasDto } from './schemas/identity.schema';
import { ZodPipe } from './zod.pipe';

/** The workspace's rate limits and quotas (admins). */
@Controller('v1/quotas')
export class QuotasController {
  constructor(private readonly quotas: Quotas) {}

  @Get()
  get(@CurrentPrincipal() p: Principal) {
    return this.quotas.get(p);
  }

  @Put()
  put(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(updateQuotasSchema)) dto: UpdateQuotasDto) {
    return this.quotas.set(p, dto);
  }
}
