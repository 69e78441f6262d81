import type { NextFunction, Request, RequestHandler, Response } from 'express';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
/** What the console and the Web Component send: the bearer token, JSON, an SSE resume point. */
const ALLOW_HEADERS = 'authorization, content-type, last-event-id, x-api-key';
const EXPOSE_HEADERS = 'retry-after, x-trace-id';

/**
 * CORS for the origins in CORS_ALLOWED_ORIGINS only (a page embedding the console's Web Component
 * that calls this gateway directly). Credentials are bearer tokens, never cookies, so no
 * Allow-Credentials. A preflight from an allowed origin is answered here, before authentication
 * (a browser sends it without the Authorization header); any other origin gets no CORS header, so
 * its page cannot read the answers.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (allowed.size === 0 || typeof origin !== 'string' || !allowed.has(origin)) return next();
    res.setHeader('access-control-allow-origin', origin);
    res.append('vary', 'Origin');
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('access-control-allow-methods', ALLOW_METHODS);
      res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
