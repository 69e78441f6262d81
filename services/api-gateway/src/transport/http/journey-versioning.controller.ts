import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { JourneyVersioning } from '../../application/journey-versioning';
import type { Principal } from '../../application/principal';
import { PublishVersion } from '../../application/publish-version';
import { CurrentPrincipal } from './principal.decorator';
import { PATH_ID } from './schemas/path-params.schema';
import {
  diffQuerySchema,
  haltSchema,
  rollbackSchema,
  setRolloutSchema,
  type DiffQuery,
  type HaltDto,
  type RollbackDto,
  type SetRolloutDto,
} from './schemas/versions.schema';
import { ZodPipe } from './zod.pipe';

/** Live versioning of one journey: diff, rollback, migrations and their rollout, the audit log. */
@Controller('v1/journeys/:id')
export class JourneyVersioningController {
  constructor(
    private readonly versioning: JourneyVersioning,
    private readonly publish: PublishVersion,
  ) {}

  @Get('diff')
  diff(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Query(new ZodPipe(diffQuerySchema, 'query')) q: DiffQuery,
  ) {
    return this.versioning.diff(p, id, q.from, q.to);
  }

  @Post('rollback')
  rollback(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(rollbackSchema)) dto: RollbackDto,
  ) {
    return this.publish.rollback(p, id, dto);
  }

  @Get('migrations')
  migrations(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.versioning.listMigrations(p, id);
  }

  @Get('migrations/:mid')
  migration(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Param('mid', PATH_ID) mid: string,
  ) {
    return this.versioning.getMigration(p, id, mid);
  }

  @Get('migrations/:mid/progress')
  migrationProgress(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Param('mid', PATH_ID) mid: string,
  ) {
    return this.versioning.getMigrationProgress(p, id, mid);
  }

  @Post('migrations/:mid/rollout')
  @HttpCode(200)
  rollout(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Param('mid', PATH_ID) mid: string,
    @Body(new ZodPipe(setRolloutSchema)) dto: SetRolloutDto,
  ) {
    return this.versioning.setRollout(p, id, mid, dto);
  }

  @Post('migrations/:mid/halt')
  @HttpCode(200)
  halt(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Param('mid', PATH_ID) mid: string,
    @Body(new ZodPipe(haltSchema)) dto: HaltDto,
  ) {
    return this.versioning.halt(p, id, mid, dto.note);
  }

  @Get('audit')
  audit(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.versioning.audit(p, id);
  }
}
