import { addDays, instantOf, isTimeZone, offsetAt, wallClock } from './time-zone';

describe('time zones with Intl', () => {
  it('knows IANA names and rejects others', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });

  it('reads the wall clock of a zone, weekday included', () => {
    // 2025-01-01 was a Wednesday; Paris is UTC+1 in winter.
    expect(wallClock(Date.UTC(2025, 0, 1, 23, 30), 'Europe/Paris')).toEqual({
      year: 2025,
      month: 1,
      day: 2,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 4,
    });
  });

  it('gives the offset in winter and in summer', () => {
    expect(offsetAt(Date.UTC(2025, 0, 15, 12), 'Europe/Paris')).toBe(3_600_000);
    expect(offsetAt(Date.UTC(2025, 6, 15, 12), 'Europe/Paris')).toBe(7_200_000);
    expect(offsetAt(Date.UTC(2025, 6, 15, 12), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(offsetAt(Date.UTC(2025, 6, 15, 12), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  it('maps a wall-clock time to its instant on either side of DST', () => {
    expect(instantOf({ year: 2025, month: 1, day: 15, hour: 9, minute: 0 }, 'Europe/Paris')).toBe(
      Date.UTC(2025, 0, 15, 8),
    );
    expect(instantOf({ year: 2025, month: 7, day: 15, hour: 9, minute: 0 }, 'Europe/Paris')).toBe(
      Date.UTC(2025, 6, 15, 7),
    );
  });

  it('shifts a time skipped by spring-forward and takes the first of a repeated time', () => {
    // Paris, 2025-03-30: 02:00 -> 03:00. 02:30 does not exist; it becomes 03:30 CEST (01:30Z).
    expect(instantOf({ year: 2025, month: 3, day: 30, hour: 2, minute: 30 }, 'Europe/Paris')).toBe(
      Date.UTC(2025, 2, 30, 1, 30),
    );
    // Paris, 2025-10-26: 03:00 -> 02:00. 02:30 happens at 00:30Z and 01:30Z; the first is taken.
    expect(instantOf({ year: 2025, month: 10, day: 26, hour: 2, minute: 30 }, 'Europe/Paris')).toBe(
      Date.UTC(2025, 9, 26, 0, 30),
    );
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays({ year: 2024, month: 12, day: 31 }, 1)).toEqual({
      year: 2025,
      month: 1,
      day: 1,
      weekday: 3,
    });
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({
      year: 2024,
      month: 2,
      day: 29,
      weekday: 4,
    });
  });
});
