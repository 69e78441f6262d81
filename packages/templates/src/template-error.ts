/** A template that does not compile or render, with where and what to fix. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    /** 1-based line and column of the offending token, when known. */
    public readonly line?: number,
    public readonly column?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface LiquidLikeError {
  message: string;
  token?: { getPosition?: () => number[] };
}

/**
 * liquidjs messages end with ", line:L, col:C"; we keep the reason, add a hint on how to fix the
 * most common mistakes, and carry the position as fields.
 */
export function toTemplateError(err: unknown, phase: 'compile' | 'render'): TemplateError {
  if (err instanceof TemplateError) return err;
  const e = err as LiquidLikeError;
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  const position = e?.token?.getPosition?.();
  const line = position?.[0];
  const column = position?.[1];
  const reason = raw.replace(/, line:\d+, col:\d+$/, '').replace(/^ENOENT: /, '');
  const where = line !== undefined ? ` at line ${line}, column ${column ?? 1}` : '';
  return new TemplateError(`template does not ${phase}${where}: ${reason}${hint(reason)}`, line, column, {
    cause: err,
  });
}

function hint(reason: string): string {
  if (/undefined filter: /.test(reason))
    return ' (use a standard Liquid filter such as upcase, downcase, default, date, escape, url_encode)';
  if (/not closed/.test(reason)) return ' (close every {{ with }} and every {% with %})';
  if (/tag .* not found/.test(reason)) return ' (only standard Liquid tags are available)';
  if (/memory|limit/i.test(reason)) return ' (the template does too much work; simplify loops)';
  return '';
}
