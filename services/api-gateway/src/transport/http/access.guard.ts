import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '@kalcifer/platform';
import { roleAllows, roleNeeded } from '../../application/permissions';
import { Quotas } from '../../application/workspace-quotas';
import type { Principal } from '../../application/principal';
import type { AuthenticatedRequest } from './principal.decorator';
import { ROUTE_POLICIES, type RoutePolicy } from './route-permissions';

/** `POST /v1/journeys/:id/draft`: the key of ROUTE_POLICIES for the route Express matched. */
export function routeKey(req: { method: string; route?: { path?: unknown } }): string {
  const path = req.route?.path;
  return `${req.method} ${typeof path === 'string' ? path : ''}`;
}

export function policyOf(req: { method: string; route?: { path?: unknown } }): RoutePolicy | undefined {
  return ROUTE_POLICIES[routeKey(req)];
}

/**
 * Runs before every route handler (after v1Gate authenticated the caller): the route's declared
 * permission against the caller's role (403), then the workspace's rate limits and quotas (429
 * with Retry-After). A route that declares no permission is refused, never served open.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly quotas: Quotas) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = routeKey(req);
    const policy = ROUTE_POLICIES[key];
    if (!policy)
      throw new AppError(
        'forbidden',
        'route_without_permission',
        `${key} declares no permission and is refused`,
      );
    if (policy.permission === 'public') return true;
    const p = req.principal;
    if (!p) throw new Error(`${key} served without v1Gate: no principal on the request`);
    if (!roleAllows(p.role, policy.permission))
      throw new AppError(
        'forbidden',
        'insufficient_role',
        `${key.replace(/:(\w+)/g, '{$1}')} needs the ${roleNeeded(policy.permission)} role or above; this ${p.actor} has the ${p.role} role`,
        { required: roleNeeded(policy.permission), role: p.role },
      );
    try {
      // Concurrent, so that Redis answers both counters in one pipelined round trip.
      await Promise.all([this.quotas.admitRequest(p), this.admitWork(key, req, p)]);
    } catch (err) {
      const retryAfter = (err as AppError).details as { retryAfterSeconds?: number } | undefined;
      if (retryAfter?.retryAfterSeconds)
        ctx
          .switchToHttp()
          .getResponse<Response>()
          .setHeader('Retry-After', String(retryAfter.retryAfterSeconds));
      throw err;
    }
    return true;
  }

  private async admitWork(key: string, req: AuthenticatedRequest, p: Principal): Promise<void> {
    if (key === 'POST /v1/events') return this.quotas.admitEvents(p, 1);
    if (key === 'POST /v1/events/batch') {
      const events = (req.body as { events?: unknown } | undefined)?.events;
      return this.quotas.admitEvents(p, Array.isArray(events) ? events.length : 1);
    }
    if (key === 'POST /v1/journeys/:id/enrollments') {
      const enrollments = (req.body as { enrollments?: unknown } | undefined)?.enrollments;
      return this.quotas.admitEntries(p.workspaceId, Array.isArray(enrollments) ? enrollments.length : 1);
    }
    if (key === 'POST /v1/journeys/:id/activate' || key === 'POST /v1/journeys/:id/resume')
      return this.quotas.admitActivation(p, String(req.params.id));
  }
}
