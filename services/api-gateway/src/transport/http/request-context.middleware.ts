import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  SpanKind,
  beginWork,
  currentTraceIds,
  endWork,
  extractContext,
  runInContext,
  withLogContext,
  type LogContext,
  type Logger,
} from '@kalcifer/platform';
import type { GatewayMetrics } from '../../ports/gateway-metrics.port';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * First in the chain: a request id (the caller's `x-request-id` when sane, else a new one) and a
 * trace (the caller's W3C `traceparent` when given, else a new one) that every log line of the
 * request carries, and that travels on to the services it calls; the trace id is answered in
 * `x-trace-id`. On `finish`: the request's count and latency, and one debug log line.
 */
export function requestContext(
  metrics: GatewayMetrics,
  routeOf: (path: string) => string,
  logger?: Logger,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const route = routeOf(req.path);
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    // The workspace is added once the caller is authenticated (v1Gate).
    const fields: LogContext = { correlationId: requestId };
    const work = beginWork(
      `${req.method} ${route}`,
      SpanKind.SERVER,
      extractContext((key) => {
        const value = req.headers[key];
        return typeof value === 'string' ? value : undefined;
      }),
      { 'http.request.method': req.method, 'http.route': route },
    );
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(req.method, route, res.statusCode, seconds);
      work.span?.setAttribute('http.response.status_code', res.statusCode);
      endWork(work.span);
      if (logger?.isLevelEnabled('debug'))
        runInContext(work.ctx, () =>
          withLogContext(fields, () =>
            logger.debug(
              { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
              'request handled',
            ),
          ),
        );
    });
    runInContext(work.ctx, () => {
      const ids = currentTraceIds();
      if (ids) res.setHeader('x-trace-id', ids.traceId);
      withLogContext(fields, next);
    });
  };
}
