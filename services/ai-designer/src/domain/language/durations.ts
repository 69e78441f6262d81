/**
 * Amounts of time as marketers write them ("3 days", "a week", "48h", "half an hour", "the next
 * day") to ISO 8601 durations, and back to words for explanations.
 */

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  sixty: 60,
  ninety: 90,
  couple: 2,
  another: 1,
  few: 3,
};

/** A number written as digits or as a word ("3", "three", "a"); undefined when it is neither. */
export function readNumber(word: string): number | undefined {
  const text = word.toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return NUMBER_WORDS[text];
}

export const NUMBER_PATTERN = `(?:\\d+(?:\\.\\d+)?|${Object.keys(NUMBER_WORDS).join('|')})`;

type Unit = 'M' | 'H' | 'D' | 'W';

const UNIT_PATTERN = '(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?)';

function unitOf(word: string): { unit: Unit; factor: number } {
  const text = word.toLowerCase();
  if (/^(minutes?|mins?|m)$/.test(text)) return { unit: 'M', factor: 1 };
  if (/^(hours?|hrs?|h)$/.test(text)) return { unit: 'H', factor: 1 };
  if (/^(weeks?|wks?|w)$/.test(text)) return { unit: 'D', factor: 7 };
  // The engine has no calendar months (a wait has one fixed length): a month is 30 days.
  if (/^months?$/.test(text)) return { unit: 'D', factor: 30 };
  return { unit: 'D', factor: 1 };
}

function iso(amount: number, unit: Unit): string {
  if (unit === 'D') return `P${amount}D`;
  if (unit === 'W') return `P${amount * 7}D`;
  // Fractions of hours or days become whole smaller units so the duration stays exact.
  if (!Number.isInteger(amount)) {
    return unit === 'H' ? `PT${Math.round(amount * 60)}M` : `PT${Math.round(amount * 60)}S`;
  }
  return `PT${amount}${unit}`;
}

export interface FoundDuration {
  iso: string;
  /** Where in the text the phrase was found. */
  index: number;
  length: number;
}

const DURATION_RE = new RegExp(
  `\\b(?:(half an hour|half a day|an? (?:couple|few) of (days|hours|weeks)|overnight|the next day|the following day|next day|tomorrow|a day later|a week later)|(${NUMBER_PATTERN})(?:\\s*|-)(?:(?:more|additional|extra|further)\\s+)?${UNIT_PATTERN}\\b)`,
  'gi',
);

/** Every duration phrase in the text, in order. */
export function findDurations(text: string): FoundDuration[] {
  const found: FoundDuration[] = [];
  for (const match of text.matchAll(DURATION_RE)) {
    const isoText =
      match[1] !== undefined ? fixedPhrase(match[1], match[2]) : amountPhrase(match[3], match[4]);
    if (isoText !== undefined) found.push({ iso: isoText, index: match.index, length: match[0].length });
  }
  return found;
}

export function findDuration(text: string): string | undefined {
  return findDurations(text)[0]?.iso;
}

function fixedPhrase(phrase: string, unitWord: string | undefined): string | undefined {
  const text = phrase.toLowerCase();
  if (text === 'half an hour') return 'PT30M';
  if (text === 'half a day') return 'PT12H';
  if (text === 'overnight') return 'PT12H';
  if (text === 'a week later') return 'P7D';
  if (unitWord !== undefined) {
    const amount = text.includes('couple') ? 2 : 3;
    const { unit, factor } = unitOf(unitWord);
    return iso(amount * factor, unit);
  }
  return 'P1D';
}

function amountPhrase(amountWord: string, unitWord: string): string | undefined {
  const amount = readNumber(amountWord);
  if (amount === undefined || amount <= 0) return undefined;
  // A bare "m" or "d" after a number is only a unit when written tight ("30m", "2d").
  const { unit, factor } = unitOf(unitWord);
  return iso(amount * factor, unit);
}

const ISO_PARTS = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** "P3D" -> "3 days", "PT30M" -> "30 minutes", "P7D" -> "1 week". */
export function describeDuration(isoText: string): string {
  const match = ISO_PARTS.exec(isoText);
  if (match === null) return isoText;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  const parts: string[] = [];
  if (days > 0 && days % 7 === 0 && hours === 0 && minutes === 0) parts.push(plural(days / 7, 'week'));
  else if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (minutes > 0) parts.push(plural(minutes, 'minute'));
  if (seconds > 0) parts.push(plural(seconds, 'second'));
  return parts.length === 0 ? 'no time' : parts.join(' ');
}

function plural(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** Milliseconds of an ISO duration this module writes (days, hours, minutes, seconds). */
export function durationMs(isoText: string): number {
  const match = ISO_PARTS.exec(isoText);
  if (match === null) return 0;
  const [d, h, m, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  return ((d * 24 + h) * 60 + m) * 60_000 + s * 1000;
}

/** The shortest ISO text for a number of milliseconds (whole minutes at least). */
export function isoFromMs(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes % 1440 === 0) return `P${minutes / 1440}D`;
  if (minutes % 60 === 0) return `PT${minutes / 60}H`;
  return `PT${minutes}M`;
}
