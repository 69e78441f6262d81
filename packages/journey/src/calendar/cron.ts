/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), validated field by
 * field, and the next firing time in an IANA time zone computed with Intl.
 *
 * Syntax per field: `*`, a number, a range `a-b`, a step `* /n` or `a-b/n` (no space), and
 * comma-separated lists of those. Months and weekdays also take names (`jan`, `mon`); weekday 7 is
 * Sunday like 0. As in Vixie cron, when both day-of-month and day-of-week are restricted a day
 * matching either one fires.
 */
import { addDays, instantOf, isTimeZone, offsetAt, utcOf, wallClock } from './time-zone';

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** False when the field was `*` (matters for the day-of-month / day-of-week rule). */
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export class CronError extends Error {
  constructor(
    readonly input: unknown,
    detail: string,
  ) {
    super(`Invalid cron ${JSON.stringify(input)}: ${detail}`);
    this.name = 'CronError';
  }
}

/** Parses a five-field cron expression; throws CronError saying which field is wrong and why. */
export function parseCron(input: unknown): CronSchedule {
  if (typeof input !== 'string') throw new CronError(input, 'expected a string such as "0 9 * * mon-fri"');
  const fields = input.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new CronError(
      input,
      `expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}; e.g. "0 9 * * mon-fri"`,
    );
  }
  const sets = fields.map((field, i) => parseField(input, field, FIELDS[i]));
  const weekdays = new Set([...sets[4]].map((day) => day % 7));
  const schedule: CronSchedule = {
    minutes: sets[0],
    hours: sets[1],
    days: sets[2],
    months: sets[3],
    weekdays,
    daysRestricted: fields[2] !== '*',
    weekdaysRestricted: fields[4] !== '*',
  };
  // "0 0 31 2 *" is well-formed but never fires: say so rather than schedule nothing forever.
  if (!schedule.weekdaysRestricted || !schedule.daysRestricted) {
    const possible = [...schedule.months].some((month) =>
      [...schedule.days].some((day) => day <= DAYS_IN_MONTH[month - 1]),
    );
    if (!possible)
      throw new CronError(input, 'no month of the schedule has that day of month; it would never fire');
  }
  return schedule;
}

function parseField(input: string, field: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(part);
    if (match === null) {
      throw new CronError(input, `${spec.name} field "${field}": "${part}" is not *, n, a-b, */n or a-b/n`);
    }
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) throw new CronError(input, `${spec.name} field "${field}": a step must be at least 1`);
    let low = spec.min;
    let high = spec.name === 'day of week' ? 6 : spec.max;
    if (match[1] !== '*') {
      const [from, to] = match[1].split('-');
      low = value(input, from, spec);
      high = to === undefined ? (match[2] === undefined ? low : high) : value(input, to, spec);
      if (low > high) {
        throw new CronError(input, `${spec.name} field "${field}": range ${from}-${to ?? ''} runs backwards`);
      }
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(input: string, text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  const number =
    named >= 0 ? named + (spec.name === 'month' ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(number)) {
    const names = spec.names ? ` or a name (${spec.names.slice(0, 3).join(', ')}, ...)` : '';
    throw new CronError(input, `${spec.name} "${text}" is not a number${names}`);
  }
  if (number < spec.min || number > spec.max) {
    throw new CronError(input, `${spec.name} ${number} is out of range ${spec.min}-${spec.max}`);
  }
  return number;
}

function dayMatches(schedule: CronSchedule, day: number, weekday: number): boolean {
  const byDay = schedule.days.has(day);
  const byWeekday = schedule.weekdays.has(weekday);
  if (schedule.daysRestricted && schedule.weekdaysRestricted) return byDay || byWeekday;
  return byDay && byWeekday;
}

/**
 * Wall-clock time of one day to instant. A day without a DST change (nearly all) has one offset,
 * so Intl is asked twice per day instead of for every candidate minute.
 */
function dayMapping(
  date: { year: number; month: number; day: number },
  timeZone: string,
): (hour: number, minute: number) => number {
  const midnight = utcOf({ ...date, hour: 0, minute: 0 });
  // Offsets span -12 h to +14 h: these two instants bracket the whole local day.
  const before = offsetAt(midnight - 14 * 3_600_000, timeZone);
  const after = offsetAt(midnight + 38 * 3_600_000, timeZone);
  if (before === after) return (hour, minute) => midnight + (hour * 60 + minute) * 60_000 - before;
  return (hour, minute) => instantOf({ ...date, hour, minute }, timeZone);
}

/** Long enough for "Feb 29" (every 4 years, 8 across 2100). */
const SEARCH_DAYS = 8 * 366 + 2;

/**
 * The first instant strictly after `afterMs` at which `cron` fires in `timeZone` (whole minutes).
 * A time skipped by a DST change fires at the shifted time (02:30 -> 03:30); a time repeated by
 * one fires once, at its first occurrence.
 */
export function nextCronTime(cron: string | CronSchedule, timeZone: string, afterMs: number): number {
  const schedule = typeof cron === 'string' ? parseCron(cron) : cron;
  if (!isTimeZone(timeZone)) {
    throw new CronError(
      cron,
      `unknown time zone ${JSON.stringify(timeZone)}; use an IANA name such as Europe/Paris`,
    );
  }
  if (!Number.isFinite(afterMs))
    throw new CronError(cron, `afterMs must be epoch milliseconds, not ${afterMs}`);
  const start = wallClock(afterMs, timeZone);
  const hours = [...schedule.hours].sort((a, b) => a - b);
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const date = addDays(start, offset);
    if (!schedule.months.has(date.month) || !dayMatches(schedule, date.day, date.weekday)) continue;
    const toInstant = dayMapping(date, timeZone);
    for (const hour of hours) {
      for (const minute of minutes) {
        const instant = toInstant(hour, minute);
        // The earliest occurrence only: a repeated hour (DST overlap) must not fire twice.
        if (instant > afterMs) return instant;
      }
    }
  }
  throw new CronError(typeof cron === 'string' ? cron : 'schedule', 'never fires');
}
