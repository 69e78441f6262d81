/**
 * Typed application errors, mapped once per transport (the gateway's exception filter, the gRPC
 * status mapper). `code` is machine-readable; `message` says what to fix.
 */
export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'unauthenticated' | 'forbidden' | 'unavailable';

export class AppError extends Error {
  constructor(
    public readonly kind: ErrorKind,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (code: string, message: string, details?: unknown) =>
  new AppError('invalid', code, message, details);
export const notFound = (code: string, message: string) => new AppError('not_found', code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError('conflict', code, message, details);
