import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { JourneyQueries } from '../../application/journey-queries';
import { PublishVersion } from '../../application/publish-version';
import { CurrentPrincipal } from './principal.decorator';
import { PATH_ID } from './schemas/path-params.schema';
import { publishVersionSchema, versionNumberSchema, type PublishVersionDto } from './schemas/versions.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/journeys/:id/versions')
export class JourneyVersionsController {
  constructor(
    private readonly publishVersion: PublishVersion,
    private readonly journeys: JourneyQueries,
  ) {}

  @Post()
  publish(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(publishVersionSchema)) dto: PublishVersionDto,
  ) {
    return this.publishVersion.execute(p, id, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.journeys.listVersions(p, id);
  }

  @Get(':n')
  get(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Param('n', new ZodPipe(versionNumberSchema, 'path')) n: number,
  ) {
    return this.journeys.getVersion(p, id, n);
  }
}
