import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * For `/v1/webhooks/...`: keeps the body as raw bytes (providers sign the exact bytes) and the
 * public URL the provider called (Twilio signs it): `publicBaseUrl` + path when configured
 * (behind a proxy), else the request's own protocol and host. Marks the body as read, so the
 * JSON parser of v1Gate leaves it alone.
 */
export function rawWebhookBody(bodyLimit: string, publicBaseUrl?: string): RequestHandler {
  const raw = express.raw({ type: () => true, limit: bodyLimit });
  return (req: Request, res: Response, next: NextFunction) => {
    void raw(req, res, (err?: unknown) => {
      if (err) return next(err);
      const r = req as Request & { rawBody?: Buffer; publicUrl?: string; _body?: boolean };
      r.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      r._body = true;
      const base =
        publicBaseUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      r.publicUrl = `${base}${req.originalUrl}`;
      next();
    });
  };
}
