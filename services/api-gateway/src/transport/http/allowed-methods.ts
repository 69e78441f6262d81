import { ROUTE_POLICIES } from './route-permissions';

/** The order methods are listed in an `Allow` header. */
const ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every route's method and path pattern (Express's: `:param` is one segment, any case, optional trailing slash). */
const ROUTES = Object.keys(ROUTE_POLICIES).map((route) => {
  const [method, path] = route.split(' ');
  const pattern = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method, regex: new RegExp(`^${pattern}/?$`, 'i') };
});

/**
 * The methods the gateway answers on a path, for a 405's `Allow` header; empty when no route has
 * the path. HEAD is not listed: the access guard admits only the routes of ROUTE_POLICIES.
 */
export function allowedMethods(path: string): string[] {
  const methods = new Set(ROUTES.filter((r) => r.regex.test(path)).map((r) => r.method));
  return ORDER.filter((m) => methods.has(m));
}
