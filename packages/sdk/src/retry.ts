import { status } from '@grpc/grpc-js';
import { KalciferError } from './errors';

/** How calls are retried: exponential backoff with full jitter, within the call's deadline. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1: no retry). */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  multiplier: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  multiplier: 2,
};

/** The server could not take the call now; the same call may succeed later. */
const RETRYABLE = new Set<status>([status.UNAVAILABLE, status.RESOURCE_EXHAUSTED]);

export function isRetryable(err: unknown): err is KalciferError {
  return err instanceof KalciferError && RETRYABLE.has(err.code);
}

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1): the server's retry-after when it sent
 * one (a rate limit), else a random wait up to the exponential bound, so clients that failed
 * together do not come back together.
 */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  err: KalciferError,
  random = Math.random,
): number {
  if (err.retryAfterSeconds !== undefined) return err.retryAfterSeconds * 1_000;
  const bound = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** (attempt - 1));
  return Math.round(bound * random());
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const abortError = () =>
  new KalciferError({
    code: status.CANCELLED,
    message: 'the call was cancelled by its caller',
    errorCode: 'cancelled',
  });
