import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../../application/principal';

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The caller resolved by v1Gate (every /v1 route is behind it). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('route served without v1Gate: no principal on the request');
  return principal;
});
