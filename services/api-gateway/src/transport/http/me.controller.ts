import { Controller, Get } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { WhoAmI } from '../../application/who-am-i';
import { CurrentPrincipal } from './principal.decorator';

/** Who the caller's API key or JWT is (any role). */
@Controller('v1/me')
export class MeController {
  constructor(private readonly whoAmI: WhoAmI) {}

  @Get()
  get(@CurrentPrincipal() p: Principal) {
    return this.whoAmI.execute(p);
  }
}
