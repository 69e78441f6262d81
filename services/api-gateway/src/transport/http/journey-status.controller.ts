import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { ChangeJourneyStatus } from '../../application/change-journey-status';
import { CurrentPrincipal } from './principal.decorator';
import { PATH_ID } from './schemas/path-params.schema';

@Controller('v1/journeys/:id')
export class JourneyStatusController {
  constructor(private readonly changeStatus: ChangeJourneyStatus) {}

  @Post('activate')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.changeStatus.execute(p, id, 'activate');
  }

  @Post('pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.changeStatus.execute(p, id, 'pause');
  }

  @Post('resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.changeStatus.execute(p, id, 'resume');
  }

  @Post('archive')
  @HttpCode(200)
  archive(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.changeStatus.execute(p, id, 'archive');
  }
}
