import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { AppError, type ErrorKind } from '@kalcifer/platform';
import { allowedMethods } from './allowed-methods';

/** The one error shape of the API. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** Set for unexpected failures (500): the same id goes into the log line. */
  errorId?: string;
  /** A 405's `Allow` header: the methods the path answers. */
  allow?: string[];
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

/** Codes whose status is more precise than their kind's. */
const STATUS_BY_CODE: Record<string, number> = {
  batch_too_large: 413,
  document_too_large: 413,
  unsupported_document: 415,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // Over a workspace's rate limit or quota (the guard sets Retry-After).
  rate_limited: 429,
  quota_exceeded: 429,
};

/** Nest's own exceptions (only the router raises them here: unknown route and the like). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'route_not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Errors raised by the JSON body parser (body-parser / raw-body carry a `type`). */
interface ParserError {
  type: string;
  status?: number;
  message: string;
  limit?: number;
}

function isParserError(err: unknown): err is ParserError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as ParserError).type === 'string' &&
    'status' in err
  );
}

export function mapParserError(err: ParserError): AppError | undefined {
  if (!isParserError(err)) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('invalid', 'malformed_json', `the request body is not valid JSON: ${err.message}`);
    case 'entity.too.large':
      return new AppError(
        'invalid',
        'payload_too_large',
        `the request body is larger than ${err.limit ?? 'the limit of'} bytes; split it into smaller requests`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('invalid', 'unsupported_media_type', `${err.message}; send UTF-8 JSON`);
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError('invalid', 'invalid_request', `the request body was incomplete: ${err.message}`);
    default:
      return undefined;
  }
}

/**
 * `details` is always an object, so a client reads the problems of every 400 the same way: a bare
 * list (the frequency-cap policy's problems, raised where the policy is kept) becomes `{issues}`,
 * like `invalid_request`'s.
 */
function detailsObject(details: unknown): unknown {
  return Array.isArray(details) ? { issues: details } : details;
}

/** Maps anything thrown while serving a request to a status and the public error body. */
export function mapError(
  err: unknown,
  request: { method: string; path: string },
  newErrorId: () => string = randomUUID,
): MappedError {
  const appError = err instanceof AppError ? err : isParserError(err) ? mapParserError(err) : undefined;
  if (appError) {
    const status = STATUS_BY_CODE[appError.code] ?? STATUS_BY_KIND[appError.kind];
    const error: ErrorBody['error'] = { code: appError.code, message: appError.message };
    if (appError.details !== undefined) error.details = detailsObject(appError.details);
    return { status, body: { error } };
  }
  if (err instanceof HttpException && err.getStatus() === 404) {
    // The router's 404: a path no route has, or a known path with another method (405).
    const allow = allowedMethods(request.path);
    if (allow.length > 0 && !allow.includes(request.method.toUpperCase()))
      return {
        status: 405,
        allow,
        body: {
          error: {
            code: 'method_not_allowed',
            message: `${request.method} is not allowed on ${request.path}: it answers ${allow.join(', ')}; the API is described at /openapi.json`,
          },
        },
      };
  }
  if (err instanceof HttpException && err.getStatus() < 500) {
    const status = err.getStatus();
    const code = CODE_BY_STATUS[status] ?? 'invalid_request';
    const message =
      code === 'route_not_found'
        ? `there is no route ${request.method} ${request.path}; the API is described at /openapi.json`
        : err.message;
    return { status, body: { error: { code, message } } };
  }
  const errorId = newErrorId();
  return {
    status: 500,
    errorId,
    body: {
      error: {
        code: 'internal_error',
        message: `an unexpected error occurred; quote errorId ${errorId} when reporting it`,
        errorId,
      },
    },
  };
}
