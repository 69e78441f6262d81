import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { CustomerProfiles } from '../../application/customer-profiles';
import { CurrentPrincipal } from './principal.decorator';
import { upsertCustomerSchema, type UpsertCustomerDto } from './schemas/customers.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomerProfiles) {}

  @Put(':id')
  upsert(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(upsertCustomerSchema)) dto: UpsertCustomerDto,
  ) {
    return this.customers.upsert(p, id, dto.attributes);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.customers.get(p, id);
  }

  @Get(':id/trace')
  trace(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.customers.trace(p, id);
  }
}
