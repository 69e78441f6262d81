import { createHash } from 'node:crypto';
import type { CodeRunRequest } from './code-runner-types';

export interface RequestLimits {
  maxTimeoutMs: number;
  maxMemoryBytes: number;
  maxInputBytes: number;
}

/** The smallest memory limit a run may ask for: a QuickJS context alone takes a few hundred KB. */
export const MIN_MEMORY_BYTES = 1024 * 1024;

export interface PreparedRequest {
  code: string;
  inputJson: string;
  timeoutMs: number;
  memoryBytes: number;
  now: number;
  seed: string;
}

export type Prepared =
  | { ok: true; request: PreparedRequest }
  | { ok: false; kind: 'invalid-request' | 'invalid-input'; error: string };

function invalid(error: string): Prepared {
  return { ok: false, kind: 'invalid-request', error: `invalid custom code request: ${error}` };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** `input.now`: epoch milliseconds or an ISO 8601 date-time; absent means the epoch (see README). */
function readNow(now: unknown): number | string {
  if (now === undefined) return 0;
  if (typeof now === 'number' && Number.isFinite(now)) return now;
  if (typeof now === 'string' && /^\d{4}-\d\d-\d\d/.test(now)) {
    const parsed = Date.parse(now);
    if (Number.isFinite(parsed)) return parsed;
  }
  return `input.now must be epoch milliseconds or an ISO 8601 date-time; got ${describeValue(now)}`;
}

/**
 * Checks a request against the limits and turns it into what the worker needs: the input as JSON
 * text (host objects never reach the VM), the frozen clock and the random seed.
 */
export function prepareRequest(request: unknown, limits: RequestLimits): Prepared {
  if (typeof request !== 'object' || request === null) return invalid('expected an object');
  const { code, input, timeoutMs, memoryBytes } = request as Partial<CodeRunRequest>;
  if (typeof code !== 'string')
    return invalid(`code must be a string (a function body); got ${describeValue(code)}`);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return invalid(`input must be an object with customer, context and event; got ${describeValue(input)}`);
  if (
    typeof timeoutMs !== 'number' ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs < 1 ||
    timeoutMs > limits.maxTimeoutMs
  )
    return invalid(
      `timeoutMs must be a number from 1 to ${limits.maxTimeoutMs}; got ${describeValue(timeoutMs)}`,
    );
  if (
    typeof memoryBytes !== 'number' ||
    !Number.isInteger(memoryBytes) ||
    memoryBytes < MIN_MEMORY_BYTES ||
    memoryBytes > limits.maxMemoryBytes
  )
    return invalid(
      `memoryBytes must be an integer from ${MIN_MEMORY_BYTES} to ${limits.maxMemoryBytes}; got ${describeValue(memoryBytes)}`,
    );
  const now = readNow(input.now);
  if (typeof now === 'string') return invalid(now);
  const seedInput = input.seed;
  if (seedInput !== undefined && typeof seedInput !== 'string' && typeof seedInput !== 'number')
    return invalid(`input.seed must be a string or a number; got ${describeValue(seedInput)}`);

  let inputJson: string;
  try {
    inputJson = JSON.stringify(input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      kind: 'invalid-input',
      error: `custom code input is not JSON-serialisable: ${reason}`,
    };
  }
  const inputBytes = Buffer.byteLength(inputJson);
  if (inputBytes > limits.maxInputBytes)
    return {
      ok: false,
      kind: 'invalid-input',
      error: `custom code input is ${inputBytes} bytes of JSON; the limit is ${limits.maxInputBytes}`,
    };
  // Without a seed, the same code on the same input draws the same numbers.
  const seed =
    seedInput !== undefined
      ? String(seedInput)
      : createHash('sha256').update(code).update('\u0000').update(inputJson).digest('hex');
  return { ok: true, request: { code, inputJson, timeoutMs, memoryBytes, now, seed } };
}
