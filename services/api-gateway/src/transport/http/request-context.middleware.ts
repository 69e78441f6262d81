import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { withCorrelationId } from '@kalcifer/platform';
import type { GatewayMetrics } from '../../ports/gateway-metrics.port';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * First in the chain: a request id (the caller's `x-request-id` when sane, else a new one) that
 * every log line of the request carries, and the request's count and latency on `finish`.
 */
export function requestContext(metrics: GatewayMetrics, routeOf: (path: string) => string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const route = routeOf(req.path);
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      metrics.observeRequest(
        req.method,
        route,
        res.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    withCorrelationId(requestId, next);
  };
}
