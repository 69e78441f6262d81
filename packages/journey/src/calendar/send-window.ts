/**
 * Send windows (quiet hours) of channel nodes: `{ start: "09:00", end: "20:00", days?, timezone? }`.
 * A window whose end is before its start crosses midnight (22:00-06:00); `days` are the days on
 * which a window opens (a Friday 22:00-06:00 window runs into Saturday morning).
 */
import { parseTimeOfDay } from './time-of-day';
import { addDays, instantOf, isTimeZone, wallClock } from './time-zone';

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export interface SendWindow {
  start: string;
  end: string;
  days?: WeekdayName[];
  timezone?: string;
}

/** What is wrong with a sendWindow value, or undefined. Used by every channel node's config rules. */
export function sendWindowProblem(value: unknown): string | undefined {
  const window = value as Record<string, unknown>;
  const known = ['start', 'end', 'days', 'timezone'];
  const unknown = Object.keys(window).find((key) => !known.includes(key));
  if (unknown !== undefined)
    return `"sendWindow" has unknown field "${unknown}"; known fields: ${known.join(', ')}`;
  let start: number;
  let end: number;
  try {
    start = parseTimeOfDay(window.start);
    end = parseTimeOfDay(window.end);
  } catch (error) {
    return `"sendWindow.start" and "sendWindow.end" are required: ${(error as Error).message}`;
  }
  if (start === end) return '"sendWindow" start and end are equal; omit the window to send at any time';
  if (window.days !== undefined) {
    const days = window.days;
    if (
      !Array.isArray(days) ||
      days.length === 0 ||
      days.some((day) => !(WEEKDAY_NAMES as readonly unknown[]).includes(day))
    ) {
      return `"sendWindow.days" must be a non-empty list of ${WEEKDAY_NAMES.map((d) => `"${d}"`).join(', ')}`;
    }
  }
  if (window.timezone !== undefined && !isTimeZone(window.timezone)) {
    return `"sendWindow.timezone": unknown time zone ${JSON.stringify(window.timezone)}; use an IANA name such as Europe/Paris`;
  }
  return undefined;
}

export const SEND_WINDOW_SCHEMA: Record<string, unknown> = {
  required: ['start', 'end'],
  properties: {
    start: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'opening time, HH:MM' },
    end: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'closing time, HH:MM' },
    days: {
      type: 'array',
      items: { type: 'string', enum: [...WEEKDAY_NAMES] },
      minItems: 1,
      description: 'days on which the window opens; every day when absent',
    },
    timezone: { type: 'string', minLength: 1, description: 'IANA time zone used when the customer has none' },
  },
  additionalProperties: false,
};

/**
 * The time zone a window is read in: the customer's `timezone` attribute, else the window's own,
 * else the workspace's, else UTC. An unknown zone is skipped, not fatal (profile data is dirty).
 */
export function windowTimeZone(
  window: SendWindow,
  customer: Record<string, unknown>,
  workspaceTimezone: string | undefined,
): string {
  for (const candidate of [customer.timezone, window.timezone, workspaceTimezone]) {
    if (isTimeZone(candidate)) return candidate;
  }
  return 'UTC';
}

/**
 * `now` itself when the window is open at `now`, else the instant it next opens (within a week,
 * since every window opens on at least one weekday).
 */
export function nextWindowOpening(window: SendWindow, timeZone: string, now: number): number {
  const start = parseTimeOfDay(window.start);
  const end = parseTimeOfDay(window.end);
  const days = new Set((window.days ?? WEEKDAY_NAMES).map((day) => WEEKDAY_NAMES.indexOf(day)));
  const clock = wallClock(now, timeZone);
  const minute = clock.hour * 60 + clock.minute;
  const yesterday = (clock.weekday + 6) % 7;
  const open =
    start < end
      ? days.has(clock.weekday) && minute >= start && minute < end
      : (days.has(clock.weekday) && minute >= start) || (days.has(yesterday) && minute < end);
  if (open) return now;
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(clock, offset);
    if (!days.has(date.weekday)) continue;
    const opening = instantOf({ ...date, hour: Math.floor(start / 60), minute: start % 60 }, timeZone);
    if (opening > now) return opening;
  }
  // Unreachable for a valid window (one opening day exists within 7 days); keeps the function total.
  return now;
}
