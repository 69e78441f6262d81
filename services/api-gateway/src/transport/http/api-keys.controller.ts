import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiKeys } from '../../application/api-keys';
import type { Principal } from '../../application/principal';
import { CurrentPrincipal } from './principal.decorator';
import { createApiKeySchema, type CreateApiKeyDto } from './schemas/identity.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

/** The workspace's API keys (admins): the key itself is shown once, at creation. */
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Post()
  @HttpCode(201)
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(createApiKeySchema)) dto: CreateApiKeyDto) {
    return this.keys.create(p, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.keys.list(p);
  }

  @Delete(':id')
  revoke(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.keys.revoke(p, id);
  }
}
