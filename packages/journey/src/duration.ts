/**
 * ISO 8601 durations (`PT30M`, `P3D`, `P1DT2H`, `PT0.5S`, `P2W`) to milliseconds.
 * Months and years are rejected: their length depends on the calendar date they start from,
 * and a wait must have one fixed length so that a replay computes the same deadline.
 */

const MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;

/** Longest accepted duration: 100 years of days keeps every deadline a valid date. */
export const MAX_DURATION_MS = 36_500 * MS.D;

export class DurationError extends Error {
  constructor(
    readonly input: unknown,
    detail: string,
  ) {
    super(`Invalid duration ${JSON.stringify(input)}: ${detail}`);
    this.name = 'DurationError';
  }
}

const EXAMPLES = 'use ISO 8601 such as PT30M (30 minutes), P3D (3 days), P1DT2H, PT0.5S or P2W';

// One component: a number (decimal fraction allowed) followed by its designator letter.
const COMPONENT = /(\d+(?:\.\d+)?)([A-Z])/y;

/** Parses an ISO 8601 duration to milliseconds; throws DurationError saying what to write instead. */
export function parseDuration(input: unknown): number {
  if (typeof input !== 'string') throw new DurationError(input, `expected a string; ${EXAMPLES}`);
  const text = input;
  if (!text.toUpperCase().startsWith('P')) throw new DurationError(input, `must start with "P"; ${EXAMPLES}`);
  if (text !== text.toUpperCase())
    throw new DurationError(input, 'use upper-case letters (PT30M, not pt30m)');

  let total = 0;
  let inTime = false;
  let seenTimePart = false;
  let components = 0;
  let fractionSeen = false;
  let lastRank = -1;
  let index = 1;
  while (index < text.length) {
    if (text[index] === 'T') {
      if (inTime) throw new DurationError(input, '"T" appears twice');
      inTime = true;
      index++;
      continue;
    }
    COMPONENT.lastIndex = index;
    const match = COMPONENT.exec(text);
    if (!match) throw new DurationError(input, `unexpected "${text.slice(index)}"; ${EXAMPLES}`);
    const [whole, digits, designator] = match;
    index += whole.length;
    if (fractionSeen) throw new DurationError(input, 'only the last component may have a decimal fraction');
    if (!inTime && (designator === 'Y' || designator === 'M')) {
      const unit = designator === 'Y' ? 'years' : 'months';
      throw new DurationError(
        input,
        `${unit} have no fixed length; use days instead (e.g. P30D for about a month, P365D for a year)`,
      );
    }
    // Ranks enforce ISO order (W before D before T, then H before M before S) and uniqueness.
    const rank = (inTime ? ['', '', 'H', 'M', 'S'] : ['W', 'D']).indexOf(designator);
    if (rank < 0) {
      const hint = inTime
        ? 'after "T" use H, M or S'
        : 'before "T" use W or D (put hours, minutes, seconds after "T")';
      throw new DurationError(input, `unknown designator "${designator}": ${hint}`);
    }
    if (rank <= lastRank) {
      throw new DurationError(input, `"${designator}" is repeated or out of order (order: W, D, T, H, M, S)`);
    }
    lastRank = rank;
    const value = Number(digits);
    fractionSeen = digits.includes('.');
    total += value * MS[designator as keyof typeof MS];
    components++;
    if (inTime) seenTimePart = true;
  }
  if (components === 0) throw new DurationError(input, `has no components; ${EXAMPLES}`);
  if (inTime && !seenTimePart)
    throw new DurationError(input, '"T" must be followed by hours, minutes or seconds');
  if (!Number.isFinite(total) || total > MAX_DURATION_MS) {
    throw new DurationError(input, 'is longer than 100 years (P36500D)');
  }
  // Sub-millisecond fractions (PT0.0001S) round to whole milliseconds: timers have ms resolution.
  return Math.round(total);
}

/** True when `input` parses; for validation code that wants a boolean. */
export function isDuration(input: unknown): boolean {
  try {
    parseDuration(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * A signed ISO 8601 duration ("-P2D" two days before, "PT2H" or "+PT2H" after) to milliseconds,
 * for an offset from a date; throws DurationError saying what to write instead.
 */
export function parseSignedDuration(input: unknown): number {
  if (typeof input !== 'string') {
    throw new DurationError(input, 'expected a string such as -P2D (2 days before) or PT2H (2 hours after)');
  }
  const sign = /^[+-]/.exec(input)?.[0];
  try {
    const ms = parseDuration(sign === undefined ? input : input.slice(1));
    return sign === '-' ? -ms : ms;
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new DurationError(
      input,
      `${error.message.replace(/^Invalid duration "[^"]*": /, '')}; a leading "-" counts back from the date (-P2D: 2 days before)`,
    );
  }
}
