import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { ProviderConfigs } from '../../application/provider-configs';
import { CurrentPrincipal } from './principal.decorator';
import { CHANNEL_PARAM, putProviderSchema, type PutProviderDto } from './schemas/providers.schema';
import { ZodPipe } from './zod.pipe';

/** The workspace's channel providers; credentials go in, never come out. */
@Controller('v1/providers')
export class ProvidersController {
  constructor(private readonly providers: ProviderConfigs) {}

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.providers.list(p);
  }

  @Put(':channel')
  put(
    @CurrentPrincipal() p: Principal,
    @Param('channel', CHANNEL_PARAM) channel: string,
    @Body(new ZodPipe(putProviderSchema)) dto: PutProviderDto,
  ) {
    return this.providers.put(p, channel, dto);
  }

  @Delete(':channel')
  delete(@CurrentPrincipal() p: Principal, @Param('channel', CHANNEL_PARAM) channel: string) {
    return this.providers.delete(p, channel);
  }
}
