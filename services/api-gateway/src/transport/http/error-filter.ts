import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@kalcifer/platform';
import { mapError } from './error-mapping';

/** The one place where errors become HTTP responses (see error-mapping.ts for the table). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const mapped = mapError(exception, { method: req.method, path: req.path });
    const where = { method: req.method, path: req.path, status: mapped.status };
    if (mapped.errorId) {
      this.logger.error({ ...where, err: exception, errorId: mapped.errorId }, 'request failed unexpectedly');
    } else if (mapped.status >= 500) {
      this.logger.warn(
        { ...where, code: mapped.body.error.code, reason: mapped.body.error.message },
        'request failed',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (mapped.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (mapped.allow) res.setHeader('Allow', mapped.allow.join(', '));
    if (mapped.status === 503) res.setHeader('Retry-After', '1');
    // A 429 thrown past the access guard (a webhook entry over the open-instance quota).
    const retryAfter = (exception as { details?: { retryAfterSeconds?: unknown } } | null)?.details
      ?.retryAfterSeconds;
    if (mapped.status === 429 && typeof retryAfter === 'number' && !res.getHeader('Retry-After'))
      res.setHeader('Retry-After', String(retryAfter));
    res.status(mapped.status).json(mapped.body);
  }
}
