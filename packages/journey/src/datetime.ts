/**
 * ISO 8601 date-times with an explicit offset (`2025-03-01T09:00:00Z`, `...+02:00`) to epoch ms.
 * A date-time without an offset is rejected: "09:00" means a different instant in every time zone
 * and the engine must compute one deadline for everyone who reaches the node.
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

export class DateTimeError extends Error {
  constructor(
    readonly input: unknown,
    detail: string,
  ) {
    super(`Invalid date-time ${JSON.stringify(input)}: ${detail}`);
    this.name = 'DateTimeError';
  }
}

const EXAMPLE = 'write e.g. 2025-03-01T09:00:00Z or 2025-03-01T09:00:00+02:00';

/** Parses an ISO 8601 date-time with `Z` or a `±HH:MM` offset; throws DateTimeError otherwise. */
export function parseDateTime(input: unknown): number {
  if (typeof input !== 'string') throw new DateTimeError(input, `expected a string; ${EXAMPLE}`);
  const match = DATE_TIME.exec(input.trim());
  if (!match) {
    const detail = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(input.trim())
      ? `a time zone offset is required (Z or ±HH:MM); ${EXAMPLE}`
      : EXAMPLE;
    throw new DateTimeError(input, detail);
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '0', offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) throw new DateTimeError(input, `month ${mo} is not 01-12`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw new DateTimeError(input, `day ${d} does not exist in ${y}-${mo}`);
  if (hour > 23) throw new DateTimeError(input, `hour ${h} is not 00-23`);
  if (minute > 59) throw new DateTimeError(input, `minute ${mi} is not 00-59`);
  if (second > 59) throw new DateTimeError(input, `second ${s} is not 00-59`);
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);

  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2));
    if (offH > 18 || offM > 59) throw new DateTimeError(input, `offset ${offset} is out of range`);
    offsetMinutes = sign * (offH * 60 + offM);
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear avoids that surprise.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  return date.getTime() - offsetMinutes * 60_000;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A date-time without offset (`2025-03-01T09:00`), as wall-clock parts; throws DateTimeError. */
export function parseLocalDateTime(input: unknown): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const match = typeof input === 'string' ? LOCAL_DATE_TIME.exec(input.trim()) : null;
  if (match === null) {
    throw new DateTimeError(input, 'expected a local date-time such as 2025-03-01T09:00:00 (no offset)');
  }
  // Reuse the range checks of parseDateTime by reading the same text as UTC.
  parseDateTime(`${(input as string).trim().replace(' ', 'T')}Z`);
  const [, y, mo, d, h, mi, s = '0'] = match;
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
  };
}

/** True for a well-formed date-time written without an offset. */
export function isLocalDateTimeText(input: unknown): boolean {
  return typeof input === 'string' && LOCAL_DATE_TIME.test(input.trim());
}
