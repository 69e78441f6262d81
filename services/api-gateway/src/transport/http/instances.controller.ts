import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { InstanceQueries } from '../../application/instance-queries';
import { CurrentPrincipal } from './principal.decorator';
import { listInstancesQuerySchema, type ListInstancesQuery } from './schemas/instances.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/instances')
export class InstancesController {
  constructor(private readonly instances: InstanceQueries) {}

  @Get()
  list(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(listInstancesQuerySchema, 'query')) query: ListInstancesQuery,
  ) {
    return this.instances.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.instances.get(p, id);
  }
}
