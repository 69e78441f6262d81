/** A parse (or limit) error in an expression, with the 0-based `position` it was found at. */
export class ExpressionError extends Error {
  constructor(
    /** What went wrong, without the location (e.g. "Expected ')'"). */
    readonly reason: string,
    readonly position: number,
    readonly expression: string,
    /** Extra hint appended after the location, e.g. "found end of input". */
    readonly found?: string,
  ) {
    super(
      `${reason} at column ${position + 1} of ${excerpt(expression, position)}${found === undefined ? '' : ` (${found})`}`,
    );
    this.name = 'ExpressionError';
  }
}

/** Long expressions are shown as a window around the error so messages stay readable. */
function excerpt(source: string, position: number): string {
  if (source.length <= 120) return JSON.stringify(source);
  const start = Math.max(0, position - 50);
  const end = Math.min(source.length, position + 50);
  return `${start > 0 ? '…' : ''}${JSON.stringify(source.slice(start, end))}${end < source.length ? '…' : ''}`;
}
