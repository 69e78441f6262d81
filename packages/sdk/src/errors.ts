import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';

/**
 * A failed call: the gRPC status, the API's error code and what to fix. Kalcifer sends its own
 * code in metadata `x-error-code` (e.g. `invalid_request`, `journey_not_found`, `rate_limited`)
 * and structured details in `x-error-details-bin` (e.g. the invalid fields).
 */
export class KalciferError extends Error {
  /** The gRPC status code (`status.NOT_FOUND`...). */
  readonly code: status;
  /** Its name: `NOT_FOUND`, `INVALID_ARGUMENT`... */
  readonly status: string;
  /** Kalcifer's error code; `grpc_<status>` when the server sent none (e.g. a transport failure). */
  readonly errorCode: string;
  readonly details?: unknown;
  /** Set on RESOURCE_EXHAUSTED: how long the server asked to wait. */
  readonly retryAfterSeconds?: number;
  /** Set on INTERNAL: quote it when reporting the failure. */
  readonly errorId?: string;

  constructor(init: {
    code: status;
    message: string;
    errorCode?: string;
    details?: unknown;
    retryAfterSeconds?: number;
    errorId?: string;
  }) {
    super(init.message);
    this.name = 'KalciferError';
    this.code = init.code;
    this.status = status[init.code] ?? String(init.code);
    this.errorCode = init.errorCode ?? `grpc_${this.status.toLowerCase()}`;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.errorId = init.errorId;
  }

  static fromServiceError(err: ServiceError): KalciferError {
    const metadata: Metadata | undefined = err.metadata;
    const first = (key: string) => metadata?.get(key)[0];
    const errorCode = first('x-error-code');
    const rawDetails = first('x-error-details-bin');
    let details: unknown;
    if (Buffer.isBuffer(rawDetails)) {
      try {
        details = JSON.parse(rawDetails.toString('utf8'));
      } catch {
        details = undefined;
      }
    }
    const retryAfter = Number(first('retry-after'));
    const errorId = first('x-error-id');
    return new KalciferError({
      code: err.code,
      message: err.details || err.message,
      errorCode: typeof errorCode === 'string' ? errorCode : undefined,
      details,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      errorId: typeof errorId === 'string' ? errorId : undefined,
    });
  }
}
