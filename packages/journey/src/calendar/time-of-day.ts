/** Times of day written "HH:MM" (24-hour), as minutes since midnight. */

export function parseTimeOfDay(text: unknown): number {
  const match = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
  if (match === null || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new Error(
      `${JSON.stringify(text)} is not a time of day; write HH:MM (24-hour), e.g. "09:00" or "20:30"`,
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}
