/**
 * Time-zone arithmetic with Intl only (no tz database of our own, no dependency): the offset of
 * a zone at an instant, an instant's wall-clock parts, and a wall-clock time back to an instant.
 * DST is handled by asking Intl for the offset on both sides of the candidate instant.
 */

/** Wall-clock parts; `month` 1-12, `weekday` 0 = Sunday ... 6 = Saturday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** True for a time zone Intl knows (IANA names such as Europe/Paris, and UTC). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `timeZone` at `instant` (epoch ms). */
export function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Paris in summer: +7,200,000). */
export function offsetAt(instant: number, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return utcOf(clock) + clock.second * 1000 - wholeSeconds;
}

/**
 * The instant a wall-clock time happens in `timeZone`. Inside a DST overlap (the clock is set
 * back) the earlier instant; inside a DST gap (that time is skipped) the time shifted forward by
 * the gap (02:30 on a spring-forward night is 03:30), as Temporal's "compatible" does.
 */
export function instantOf(
  local: Pick<WallClock, 'year' | 'month' | 'day' | 'hour' | 'minute'>,
  timeZone: string,
): number {
  const guess = utcOf(local);
  const before = offsetAt(guess - 86_400_000, timeZone);
  const after = offsetAt(guess + 86_400_000, timeZone);
  const candidates = [guess - before, guess - after].filter((instant) => {
    const clock = wallClock(instant, timeZone);
    return clock.hour === local.hour && clock.minute === local.minute && clock.day === local.day;
  });
  if (candidates.length > 0) return Math.min(...candidates);
  return guess - before;
}

/** The wall-clock parts read as if they were UTC (epoch ms). */
export function utcOf(local: Pick<WallClock, 'year' | 'month' | 'day' | 'hour' | 'minute'>): number {
  const date = new Date(Date.UTC(2000, local.month - 1, local.day, local.hour, local.minute));
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  return date.getTime();
}

/** The calendar day `days` after the given one (month/year roll over; weekday follows). */
export function addDays(
  date: Pick<WallClock, 'year' | 'month' | 'day'>,
  days: number,
): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(utcOf({ ...date, hour: 12, minute: 0 }) + days * 86_400_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}
