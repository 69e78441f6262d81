import { MAX_JSON_DEPTH } from '@kalcifer/contracts';
import { AppError, invalid } from '@kalcifer/platform';

/**
 * The limits every request is held to at the gateway, in one place (docs/api.md, "Limits").
 * Anything accepted must be storable and readable back over gRPC and NATS: a body nested too
 * deep once made every later instance list fail, and a NUL in an id failed in storage.
 */
export const INPUT_LIMITS = {
  /** Levels of nested objects/arrays in a body, the body itself being level 1. */
  maxDepth: MAX_JSON_DEPTH,
  /** Characters (UTF-16 code units) in one string value. */
  maxStringLength: 100_000,
  /** Characters in one object key. */
  maxKeyLength: 1_000,
  /** Keys of one object. */
  maxKeys: 1_000,
  /** Items of one array. */
  maxArrayLength: 10_000,
  /** Characters in an id (path, query or body). */
  maxIdLength: 256,
} as const;

/** The 400 codes of the body limits; each names the limit a body broke. */
export type BodyLimitCode =
  | 'body_too_deep'
  | 'string_too_long'
  | 'key_too_long'
  | 'too_many_keys'
  | 'array_too_long'
  | 'invalid_characters';

// NUL (PostgreSQL-backed stores refuse it) and UTF-16 halves without their pair (not text).
const BAD_CHARACTERS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const describeBadCharacters = (s: string) =>
  s.includes('\u0000')
    ? 'holds a NUL character (U+0000)'
    : 'holds a lone UTF-16 surrogate (half of a character; send valid UTF-8)';

interface Frame {
  value: unknown;
  level: number;
  parent?: Frame;
  key?: string | number;
}

/** `$`, `$.events[3].properties.name`: where in the body a limit was broken. */
function pathOf(frame: Frame | undefined, key?: string | number): string {
  const parts: (string | number)[] = key === undefined ? [] : [key];
  for (let f = frame; f?.key !== undefined; f = f.parent) parts.unshift(f.key);
  return parts.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${part}`),
    '$',
  );
}

function violation(code: BodyLimitCode, path: string, problem: string, limit?: number): AppError {
  return invalid(
    code,
    `the request body breaks a limit at ${path}: ${problem} (the limits are listed at /openapi.json, schema Error)`,
    {
      path,
      ...(limit !== undefined && { limit }),
    },
  );
}

/**
 * The first limit a parsed JSON body breaks, or undefined. Walks without recursion and stops
 * descending at the depth limit, so a body nested 100,000 levels deep is cheap to refuse.
 */
export function checkBodyLimits(body: unknown): AppError | undefined {
  const L = INPUT_LIMITS;
  const stack: Frame[] = [{ value: body, level: 1 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, level } = frame;
    if (typeof value === 'string') {
      if (value.length > L.maxStringLength)
        return violation(
          'string_too_long',
          pathOf(frame),
          `a string of ${value.length} characters; at most ${L.maxStringLength} are accepted`,
          L.maxStringLength,
        );
      if (BAD_CHARACTERS.test(value))
        return violation('invalid_characters', pathOf(frame), `the string ${describeBadCharacters(value)}`);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (level > L.maxDepth)
      return violation(
        'body_too_deep',
        pathOf(frame),
        `objects and arrays nest more than ${L.maxDepth} levels deep; flatten the data`,
        L.maxDepth,
      );
    if (Array.isArray(value)) {
      if (value.length > L.maxArrayLength)
        return violation(
          'array_too_long',
          pathOf(frame),
          `an array of ${value.length} items; at most ${L.maxArrayLength} are accepted`,
          L.maxArrayLength,
        );
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], level: level + 1, parent: frame, key: i });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > L.maxKeys)
      return violation(
        'too_many_keys',
        pathOf(frame),
        `an object with ${keys.length} keys; at most ${L.maxKeys} are accepted`,
        L.maxKeys,
      );
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key.length > L.maxKeyLength)
        return violation(
          'key_too_long',
          pathOf(frame),
          `a key of ${key.length} characters; at most ${L.maxKeyLength} are accepted`,
          L.maxKeyLength,
        );
      if (BAD_CHARACTERS.test(key))
        return violation('invalid_characters', pathOf(frame), `a key ${describeBadCharacters(key)}`);
      stack.push({ value: (value as Record<string, unknown>)[key], level: level + 1, parent: frame, key });
    }
  }
  return undefined;
}

/** Throws the first broken limit of a body (see checkBodyLimits). */
export function assertBodyWithinLimits(body: unknown): void {
  const broken = checkBodyLimits(body);
  if (broken) throw broken;
}

// C0 controls (NUL, tab, newline...), DEL and C1 controls; lone surrogates. Emoji and every
// other Unicode character are fine.
const ID_FORBIDDEN =
  /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The one rule for every id the API is given (path, query, body): 1 to 256 characters, not only
 * spaces, no control characters (NUL, tab, newline...) and no lone UTF-16 surrogates. Returns
 * what is wrong, or undefined.
 */
export function idProblem(field: string, value: string): string | undefined {
  if (value.length === 0) return `${field} must not be empty`;
  if (value.length > INPUT_LIMITS.maxIdLength)
    return `${field} must be at most ${INPUT_LIMITS.maxIdLength} characters (it has ${value.length})`;
  if (value.trim() === '') return `${field} must not be blank`;
  const bad = ID_FORBIDDEN.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    const what =
      code >= 0xd800 && code <= 0xdfff
        ? 'a lone UTF-16 surrogate (half of a character)'
        : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `${field} must not contain ${what} (at position ${bad.index}); ids may hold any printable Unicode character, emoji included`;
  }
  return undefined;
}
