import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import type { Logger } from '@kalcifer/platform';
import { LOGGER } from '../../app.tokens';
import { AuditTrail } from '../../application/audit-trail';
import { policyOf, routeKey } from './access.guard';
import type { AuthenticatedRequest } from './principal.decorator';

/**
 * Records every successful configuration change (routes whose policy names an audit action):
 * who, what, when, from where. Written before the answer is sent; a failed write is logged with
 * the change (which already happened) and does not turn the answer into an error.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly trail: AuditTrail,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const action = policyOf(req)?.audit;
    const principal = req.principal;
    if (!action || !principal) return next.handle();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async () => {
            const createdId =
              req.method === 'POST' && typeof (result as { id?: unknown } | null)?.id === 'string'
                ? (result as { id: string }).id
                : undefined;
            const entry = {
              workspaceId: principal.workspaceId,
              at: new Date(),
              actor: principal.actor,
              role: principal.role,
              action,
              route: routeKey(req).replace(/:(\w+)/g, '{$1}'),
              target: { ...(req.params as Record<string, string>) },
              ...(createdId ? { createdId } : {}),
              ip: req.ip ?? req.socket.remoteAddress ?? '',
              userAgent: String(req.headers['user-agent'] ?? ''),
            };
            await this.trail.record(entry).catch((err: unknown) => {
              this.logger.error({ err, audit: entry }, 'audit entry could not be written');
            });
            return result;
          })(),
        ),
      ),
    );
  }
}
