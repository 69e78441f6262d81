import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandInstance } from '../../application/command-instance';
import type { Principal } from '../../application/principal';
import { InstanceQueries } from '../../application/instance-queries';
import { JourneyVersioning } from '../../application/journey-versioning';
import { CurrentPrincipal } from './principal.decorator';
import { listInstancesQuerySchema, type ListInstancesQuery } from './schemas/instances.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { releaseSchema, type ReleaseDto } from './schemas/versions.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/instances')
export class InstancesController {
  constructor(
    private readonly instances: InstanceQueries,
    private readonly command: CommandInstance,
    private readonly versioning: JourneyVersioning,
  ) {}

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

  @Post(':id/pause')
  @HttpCode(202)
  pause(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string, @Body() body: unknown) {
    return this.command.execute(p, id, 'pause', body);
  }

  @Post(':id/resume')
  @HttpCode(202)
  resume(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string, @Body() body: unknown) {
    return this.command.execute(p, id, 'resume', body);
  }

  @Post(':id/exit')
  @HttpCode(202)
  exit(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string, @Body() body: unknown) {
    return this.command.execute(p, id, 'exit', body);
  }

  /** A migration held this instance for review: continue at a node of its version, or exit. */
  @Post(':id/release')
  @HttpCode(200)
  release(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(releaseSchema)) dto: ReleaseDto,
  ) {
    return this.versioning.release(p, id, dto);
  }
}
