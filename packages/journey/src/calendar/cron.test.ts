import { CronError, nextCronTime, parseCron } from './cron';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);

describe('parseCron', () => {
  it('reads lists, ranges, steps and names', () => {
    const schedule = parseCron('*/15 9-17 1,15 jan-mar mon-fri');
    expect([...schedule.minutes]).toEqual([0, 15, 30, 45]);
    expect([...schedule.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...schedule.days]).toEqual([1, 15]);
    expect([...schedule.months]).toEqual([1, 2, 3]);
    expect([...schedule.weekdays]).toEqual([1, 2, 3, 4, 5]);
  });

  it('treats weekday 7 as Sunday', () => {
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
  });

  it.each([
    ['0 9 * *', 'expected 5 fields'],
    ['60 9 * * *', 'minute 60 is out of range 0-59'],
    ['0 24 * * *', 'hour 24 is out of range 0-23'],
    ['0 9 0 * *', 'day of month 0 is out of range 1-31'],
    ['0 9 * 13 *', 'month 13 is out of range 1-12'],
    ['0 9 * * 8', 'day of week 8 is out of range 0-7'],
    ['0 9 * * funday', 'day of week "funday" is not a number'],
    ['0 17-9 * * *', 'runs backwards'],
    ['*/0 * * * *', 'a step must be at least 1'],
    ['0 9 ? * *', 'is not *, n, a-b, */n or a-b/n'],
    ['0 0 31 2 *', 'it would never fire'],
  ])('rejects %j, saying what is wrong', (cron, message) => {
    expect(() => parseCron(cron)).toThrow(CronError);
    expect(() => parseCron(cron)).toThrow(message);
  });
});

describe('nextCronTime', () => {
  it('finds the next time strictly after the given instant', () => {
    expect(nextCronTime('0 9 * * *', 'UTC', utc(2025, 1, 1, 8, 59))).toBe(utc(2025, 1, 1, 9));
    expect(nextCronTime('0 9 * * *', 'UTC', utc(2025, 1, 1, 9))).toBe(utc(2025, 1, 2, 9));
    expect(nextCronTime('*/15 * * * *', 'UTC', utc(2025, 1, 1, 9, 7))).toBe(utc(2025, 1, 1, 9, 15));
  });

  it('reads the schedule in the time zone, across DST', () => {
    // 09:00 in Paris is 08:00Z in winter and 07:00Z in summer.
    expect(nextCronTime('0 9 * * *', 'Europe/Paris', utc(2025, 1, 15))).toBe(utc(2025, 1, 15, 8));
    expect(nextCronTime('0 9 * * *', 'Europe/Paris', utc(2025, 7, 15))).toBe(utc(2025, 7, 15, 7));
    // Saturday 29 March 09:00 CET, then Sunday 30 March 09:00 CEST (the clocks changed overnight).
    const saturday = nextCronTime('0 9 * * *', 'Europe/Paris', utc(2025, 3, 29));
    expect(saturday).toBe(utc(2025, 3, 29, 8));
    expect(nextCronTime('0 9 * * *', 'Europe/Paris', saturday)).toBe(utc(2025, 3, 30, 7));
  });

  it('fires a skipped time once at the shifted time, and a repeated time once', () => {
    expect(nextCronTime('30 2 * * *', 'Europe/Paris', utc(2025, 3, 29, 12))).toBe(utc(2025, 3, 30, 1, 30));
    const first = nextCronTime('30 2 * * *', 'Europe/Paris', utc(2025, 10, 25, 12));
    expect(first).toBe(utc(2025, 10, 26, 0, 30));
    // Not again at 01:30Z, when the wall clock shows 02:30 a second time.
    expect(nextCronTime('30 2 * * *', 'Europe/Paris', first)).toBe(utc(2025, 10, 27, 1, 30));
  });

  it('fires when either the day of month or the weekday matches, when both are set', () => {
    // 2025-01-01 is a Wednesday: "the 15th or any Monday" next fires on Monday the 6th.
    expect(nextCronTime('0 0 15 * mon', 'UTC', utc(2025, 1, 1, 1))).toBe(utc(2025, 1, 6));
    expect(nextCronTime('0 0 15 * *', 'UTC', utc(2025, 1, 1, 1))).toBe(utc(2025, 1, 15));
  });

  it('says so when the time zone is unknown', () => {
    expect(() => nextCronTime('0 9 * * *', 'Europe/Pariss', 0)).toThrow('unknown time zone "Europe/Pariss"');
  });

  it('finds a leap day years away', () => {
    expect(nextCronTime('0 12 29 2 *', 'UTC', utc(2025, 1, 1))).toBe(utc(2028, 2, 29, 12));
  });
});
