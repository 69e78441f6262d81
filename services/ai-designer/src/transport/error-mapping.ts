import { AppError, type ErrorKind } from '@kalcifer/platform';
import { DesignError, type DesignErrorCode } from '../domain/design/design-error';

const KIND: Record<DesignErrorCode, ErrorKind> = {
  empty_brief: 'invalid',
  brief_too_long: 'invalid',
  brief_not_understood: 'invalid',
  instruction_not_understood: 'invalid',
  step_not_found: 'invalid',
  unsupported_document: 'invalid',
  corrupt_document: 'invalid',
  document_too_large: 'invalid',
  document_not_understood: 'invalid',
  session_not_found: 'not_found',
  invalid_analytics: 'invalid',
};

/** The designer's typed errors, mapped once for the gRPC transport (and so for the gateway). */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof DesignError)) return error;
  return new AppError(
    KIND[error.code],
    error.code,
    error.message,
    error.location !== undefined ? { location: error.location } : undefined,
  );
}
