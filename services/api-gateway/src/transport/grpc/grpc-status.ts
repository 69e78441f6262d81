import { randomUUID } from 'node:crypto';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AppError, toServiceError, type Logger } from '@kalcifer/platform';

/** Codes whose gRPC status is more precise than their kind's (the REST side answers them 429). */
const STATUS_BY_CODE: Record<string, status> = {
  rate_limited: status.RESOURCE_EXHAUSTED,
  quota_exceeded: status.RESOURCE_EXHAUSTED,
};

/**
 * The gRPC status mapper of the public API: an AppError keeps its message (what to fix), its code
 * (`x-error-code`) and details (`x-error-details-bin`, JSON) as platform's toServiceError sends
 * them; over a limit is RESOURCE_EXHAUSTED with `retry-after` (seconds). Anything else is
 * INTERNAL with an error id that is also in the log line.
 */
export function toPublicStatus(
  err: unknown,
  logger: Logger,
  method: string,
  newErrorId: () => string = randomUUID,
): Partial<ServiceError> {
  if (err instanceof AppError) {
    const mapped = toServiceError(err, logger, method);
    const precise = STATUS_BY_CODE[err.code];
    if (precise !== undefined) mapped.code = precise;
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') mapped.metadata?.set('retry-after', String(retryAfter));
    return mapped;
  }
  const errorId = newErrorId();
  logger.error({ err, method, errorId }, 'grpc call failed');
  const metadata = new Metadata();
  metadata.set('x-error-code', 'internal_error');
  metadata.set('x-error-id', errorId);
  return {
    code: status.INTERNAL,
    details: `an unexpected error occurred; quote errorId ${errorId} when reporting it`,
    metadata,
  };
}
