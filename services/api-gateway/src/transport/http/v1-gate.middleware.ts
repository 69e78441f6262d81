import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { addLogContext } from '@kalcifer/platform';
import type { AuthenticateApiKey } from '../../application/authenticate-api-key';
import { mapParserError } from './error-mapping';
import { assertBodyWithinLimits } from '../../application/input-limits';
import type { EventPublisher } from '../../ports/event-publisher.port';
import type { AuthenticatedRequest } from './principal.decorator';

/** Under `/v1`: POST /events, /events/batch, /journeys/{id}/enrollments (Express matches case-insensitively). */
const INGEST_PATH = /^\/(?:events(?:\/batch)?|journeys\/[^/]+\/enrollments)\/?$/i;

/**
 * In front of every `/v1` route: the API key first (an unauthenticated request costs no body
 * parsing), then the JSON body, held to the limits of
 * application/input-limits.ts. One Express middleware on the `/v1` prefix rather than Nest
 * middleware bound per route, which Express would path-match once per route on every request
 * (a measurable share of the per-request cost of POST /v1/events).
 *
 * Its errors reach the exception filter through Nest's error handler; parser errors are mapped
 * here first (Nest would turn malformed JSON into a plain 400 without our code). Awaiting the
 * parser, rather than passing it `next`, keeps the request's correlation id: the body stream's
 * callbacks run outside the request's async context.
 *
 * Ingest routes (events, enrollments) are refused before their body is read while the publisher
 * is at its backpressure bound (503 + Retry-After): a refusal then costs no parsing, so the
 * gateway can refuse far more than it accepts. Such a request is not judged at all: a malformed
 * one gets 503 too, and its 400 when it comes back (docs/api.md, "Backpressure").
 */
export function v1Gate(
  authenticate: AuthenticateApiKey,
  bodyLimit: string,
  ingest?: Pick<EventPublisher, 'assertAccepting'>,
): RequestHandler {
  const parse = express.json({ limit: bodyLimit });
  const readBody = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => {
      void parse(req, res, (err?: unknown) => {
        if (!err) return resolve();
        const mapped = mapParserError(err as Parameters<typeof mapParserError>[0]);
        reject(mapped ?? (err instanceof Error ? err : new Error('the request body could not be read')));
      });
    });
  const admit = async (req: AuthenticatedRequest, res: Response) => {
    // Webhook entry URLs carry their own secret instead of an API key; provider webhooks are
    // verified by their signature (channels service).
    if (!req.path.startsWith('/hooks/') && !req.path.startsWith('/webhooks/')) {
      req.principal = await authenticate.execute(req.headers.authorization);
      addLogContext({ workspaceId: req.principal.workspaceId });
    }
    if (ingest && req.method === 'POST' && INGEST_PATH.test(req.path)) ingest.assertAccepting();
    await readBody(req, res);
    assertBodyWithinLimits(req.body);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    admit(req, res).then(
      () => next(),
      (err: unknown) => next(err),
    );
  };
}
