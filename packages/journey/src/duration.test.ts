import { DateTimeError, parseDateTime } from './datetime';
import { DurationError, MAX_DURATION_MS, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['PT30M', 30 * 60_000],
    ['P3D', 3 * 86_400_000],
    ['PT5S', 5000],
    ['P1DT2H', 86_400_000 + 2 * 3_600_000],
    ['PT0.5S', 500],
    ['PT1.5H', 5_400_000],
    ['P2W', 14 * 86_400_000],
    ['P1W2D', 9 * 86_400_000],
    ['PT1H30M15S', 5_415_000],
    ['PT0S', 0],
    ['P36500D', MAX_DURATION_MS],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rejects months and years, suggesting days instead', () => {
    expect(() => parseDuration('P1M')).toThrow(/months have no fixed length; use days instead \(e\.g\. P30D/);
    expect(() => parseDuration('P1Y')).toThrow(/years have no fixed length; use days/);
  });

  it('reads M after T as minutes, not months', () => {
    expect(parseDuration('PT2M')).toBe(120_000);
  });

  it.each([
    ['', /must start with "P"/],
    ['30m', /must start with "P"/],
    ['pt30m', /upper-case/],
    ['P', /no components/],
    ['PT', /no components/],
    ['P1DT', /"T" must be followed by hours, minutes or seconds/],
    ['P1H', /unknown designator "H": before "T" use W or D/],
    ['PT1D', /unknown designator "D": after "T" use H, M or S/],
    ['PT5S3M', /out of order/],
    ['P1D1D', /repeated or out of order/],
    ['PT1.5H30M', /only the last component may have a decimal fraction/],
    ['P-1D', /unexpected "-1D"/],
    ['P1DX', /unexpected "X"/],
    ['P36501D', /longer than 100 years/],
  ])('rejects %j with a message saying what is wrong', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });

  it('throws a DurationError that quotes the input and shows examples', () => {
    const error = captureError(() => parseDuration('soon'));
    expect(error).toBeInstanceOf(DurationError);
    expect((error as DurationError).input).toBe('soon');
    expect(error.message).toBe(
      'Invalid duration "soon": must start with "P"; use ISO 8601 such as PT30M (30 minutes), P3D (3 days), P1DT2H, PT0.5S or P2W',
    );
  });

  it('rejects values that are not strings', () => {
    expect(() => parseDuration(30)).toThrow(/expected a string/);
    expect(() => parseDuration(undefined)).toThrow(DurationError);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2025-03-01T09:00:00Z', Date.UTC(2025, 2, 1, 9)],
    ['2025-03-01T09:00Z', Date.UTC(2025, 2, 1, 9)],
    ['2025-03-01T09:00:00+02:00', Date.UTC(2025, 2, 1, 7)],
    ['2025-03-01T09:00:00-0530', Date.UTC(2025, 2, 1, 14, 30)],
    ['2025-03-01T09:00:00.250Z', Date.UTC(2025, 2, 1, 9, 0, 0, 250)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, ms) => {
    expect(parseDateTime(text)).toBe(ms);
  });

  it('requires a time zone, because a local time names a different instant for every customer', () => {
    expect(() => parseDateTime('2025-03-01T09:00:00')).toThrow(
      /a time zone offset is required \(Z or ±HH:MM\)/,
    );
  });

  it.each([
    ['2025-02-29T00:00:00Z', /day 29 does not exist in 2025-02/],
    ['2025-13-01T00:00:00Z', /month 13 is not 01-12/],
    ['2025-01-01T24:00:00Z', /hour 24 is not 00-23/],
    ['2025-01-01T10:60:00Z', /minute 60/],
    ['tomorrow', /write e\.g\. 2025-03-01T09:00:00Z/],
  ])('rejects %s', (text, message) => {
    expect(() => parseDateTime(text)).toThrow(message);
    expect(() => parseDateTime(text)).toThrow(DateTimeError);
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
