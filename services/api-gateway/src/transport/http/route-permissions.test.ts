import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { API_CONTROLLERS } from '../../app.module';
import { SystemController } from './system.controller';
import { ROUTE_POLICIES } from './route-permissions';
import { routeKey } from './access.guard';

type Controller = new (...args: never[]) => object;

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '')
    .join('/')}`;

/** Every route Nest serves, as `METHOD /express/path` (what AccessGuard looks up). */
export function servedRoutes(controllers: Controller[]): string[] {
  const routes: string[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || typeof proto[name] !== 'function') continue;
      const handler = proto[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      routes.push(routeKey({ method: RequestMethod[method], route: { path: join(base, path) } }));
    }
  }
  return routes;
}

describe('route permissions', () => {
  const routes = servedRoutes([...API_CONTROLLERS, SystemController] as Controller[]);

  it('finds the routes of the controllers', () => {
    expect(routes).toContain('PUT /v1/journeys/:id/draft');
    expect(routes).toContain('GET /healthz');
    expect(routes.length).toBeGreaterThan(60);
  });

  it('has every route declare the permission it needs', () => {
    const undeclared = routes.filter((r) => !(r in ROUTE_POLICIES));
    expect(undeclared).toEqual([]);
  });

  it('declares no permission for a route that does not exist (a renamed route keeps its entry)', () => {
    const stale = Object.keys(ROUTE_POLICIES).filter((r) => !routes.includes(r));
    expect(stale).toEqual([]);
  });

  it('audits configuration changes only (no read is audited)', () => {
    const auditedReads = Object.entries(ROUTE_POLICIES).filter(
      ([r, p]) => p.audit && (r.startsWith('GET ') || p.permission === 'read'),
    );
    expect(auditedReads).toEqual([]);
    for (const r of [
      'POST /v1/api-keys',
      'PUT /v1/quotas',
      'PUT /v1/providers/:channel',
      'POST /v1/journeys',
    ])
      expect(ROUTE_POLICIES[r].audit).toBeDefined();
  });
});
