import { Controller, Get, Query } from '@nestjs/common';
import { AuditTrail } from '../../application/audit-trail';
import type { Principal } from '../../application/principal';
import { CurrentPrincipal } from './principal.decorator';
import { auditQuerySchema, type AuditQueryDto } from './schemas/identity.schema';
import { ZodPipe } from './zod.pipe';

/** The workspace's audit trail of configuration changes, newest first (admins). */
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  list(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(auditQuerySchema, 'query')) query: AuditQueryDto,
  ) {
    return this.trail.list(p, query);
  }
}
