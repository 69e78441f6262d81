import { nextWindowOpening, sendWindowProblem, windowTimeZone, type SendWindow } from './send-window';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const OFFICE: SendWindow = { start: '09:00', end: '20:00' };
const NIGHT: SendWindow = { start: '22:00', end: '06:00' };

describe('send windows', () => {
  it('is open between start and end, and otherwise opens at the next start', () => {
    expect(nextWindowOpening(OFFICE, 'UTC', utc(2025, 1, 1, 12))).toBe(utc(2025, 1, 1, 12));
    expect(nextWindowOpening(OFFICE, 'UTC', utc(2025, 1, 1, 7))).toBe(utc(2025, 1, 1, 9));
    expect(nextWindowOpening(OFFICE, 'UTC', utc(2025, 1, 1, 20))).toBe(utc(2025, 1, 2, 9));
  });

  it('handles a window that crosses midnight', () => {
    expect(nextWindowOpening(NIGHT, 'UTC', utc(2025, 1, 1, 23))).toBe(utc(2025, 1, 1, 23));
    expect(nextWindowOpening(NIGHT, 'UTC', utc(2025, 1, 2, 3))).toBe(utc(2025, 1, 2, 3));
    expect(nextWindowOpening(NIGHT, 'UTC', utc(2025, 1, 2, 6))).toBe(utc(2025, 1, 2, 22));
    expect(nextWindowOpening(NIGHT, 'UTC', utc(2025, 1, 2, 12))).toBe(utc(2025, 1, 2, 22));
  });

  it('opens only on the listed days; a night window belongs to the day it opens', () => {
    // 2025-01-03 is a Friday.
    const weekdays: SendWindow = { ...OFFICE, days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
    expect(nextWindowOpening(weekdays, 'UTC', utc(2025, 1, 3, 21))).toBe(utc(2025, 1, 6, 9));
    const fridayNight: SendWindow = { ...NIGHT, days: ['fri'] };
    expect(nextWindowOpening(fridayNight, 'UTC', utc(2025, 1, 4, 2))).toBe(utc(2025, 1, 4, 2));
    expect(nextWindowOpening(fridayNight, 'UTC', utc(2025, 1, 5, 2))).toBe(utc(2025, 1, 10, 22));
  });

  it('is read in the time zone, DST included', () => {
    // 07:30Z is 08:30 in Paris in winter (closed) but 09:30 in summer (open).
    expect(nextWindowOpening(OFFICE, 'Europe/Paris', utc(2025, 1, 15, 7, 30))).toBe(utc(2025, 1, 15, 8));
    expect(nextWindowOpening(OFFICE, 'Europe/Paris', utc(2025, 7, 15, 7, 30))).toBe(utc(2025, 7, 15, 7, 30));
  });

  it("uses the customer's zone, else the window's, else the workspace's, else UTC", () => {
    const window: SendWindow = { ...OFFICE, timezone: 'Asia/Tokyo' };
    expect(windowTimeZone(window, { timezone: 'Europe/Paris' }, 'America/New_York')).toBe('Europe/Paris');
    expect(windowTimeZone(window, { timezone: 'Nowhere/Land' }, 'America/New_York')).toBe('Asia/Tokyo');
    expect(windowTimeZone(OFFICE, {}, 'America/New_York')).toBe('America/New_York');
    expect(windowTimeZone(OFFICE, {}, undefined)).toBe('UTC');
  });

  it.each([
    [{ start: '9:00', end: '20:00' }, 'write HH:MM'],
    [{ start: '09:00' }, '"sendWindow.start" and "sendWindow.end" are required'],
    [{ start: '09:00', end: '09:00' }, 'start and end are equal'],
    [{ start: '09:00', end: '20:00', days: ['monday'] }, '"sendWindow.days" must be a non-empty list'],
    [{ start: '09:00', end: '20:00', timezone: 'Paris' }, 'unknown time zone "Paris"'],
    [{ start: '09:00', end: '20:00', tz: 'UTC' }, 'unknown field "tz"'],
  ])('rejects %j', (window, message) => {
    expect(sendWindowProblem(window)).toContain(message);
  });

  it('accepts a full window', () => {
    expect(
      sendWindowProblem({ start: '22:00', end: '06:00', days: ['fri', 'sat'], timezone: 'Europe/Paris' }),
    ).toBeUndefined();
  });
});
