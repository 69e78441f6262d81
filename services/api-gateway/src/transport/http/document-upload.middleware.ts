import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '@kalcifer/platform';
import type { AuthenticateApiKey } from '../../application/authenticate-api-key';
import type { AuthenticatedRequest } from './principal.decorator';

export type UploadRequest = AuthenticatedRequest & { rawBody?: Buffer };

/**
 * For `POST /v1/designer/documents`: the API key first (an unauthenticated upload costs no
 * reading), then the body as raw bytes up to `maxBytes` (a larger one is refused as
 * document_too_large before the ai-designer sees it). Marks the body as read, so the JSON parser
 * of v1Gate leaves it alone.
 */
export function documentUploadBody(authenticate: AuthenticateApiKey, maxBytes: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit: maxBytes });
  const read = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => {
      void raw(req, res, (err?: unknown) => {
        if (!err) return resolve();
        if ((err as { type?: string }).type === 'entity.too.large') {
          return reject(
            new AppError(
              'invalid',
              'document_too_large',
              `The document is larger than ${maxBytes} bytes, the most accepted`,
            ),
          );
        }
        reject(err instanceof Error ? err : new Error('the document could not be read'));
      });
    });
  return (req: Request, res: Response, next: NextFunction) => {
    const upload = req as UploadRequest & { _body?: boolean };
    authenticate
      .execute(req.headers.authorization)
      .then(async (principal) => {
        upload.principal = principal;
        await read(req, res);
        upload.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        upload.body = {};
        upload._body = true;
      })
      .then(
        () => next(),
        (err: unknown) => next(err),
      );
  };
}
