/**
 * Amounts of time as marketers write them ("3 days", "a week", "48h", "half an hour", "the next
 * day") to ISO 8601 durations, and back to words for explanations.
 */

const UNITS_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Words for amounts that are not spelled as numbers ("a", "a couple of", "a dozen"). */
const AMOUNT_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  another: 1,
  single: 1,
  couple: 2,
  'a couple of': 2,
  'a few': 3,
  few: 3,
  several: 3,
  dozen: 12,
  'a dozen': 12,
  'half a': 0.5,
  'half an': 0.5,
};

/** "three" -> 3, "forty-eight" / "forty eight" -> 48, "twenty" -> 20; undefined otherwise. */
function numberWord(text: string): number | undefined {
  const small = UNITS_WORDS.indexOf(text);
  if (small !== -1) return small;
  const compound = /^([a-z]+)(?:[- ]([a-z]+))?$/.exec(text);
  if (compound === null) return undefined;
  const tens = TENS_WORDS.indexOf(compound[1]);
  if (tens === -1) return undefined;
  if (compound[2] === undefined) return (tens + 2) * 10;
  const unit = UNITS_WORDS.indexOf(compound[2]);
  return unit >= 1 && unit <= 9 ? (tens + 2) * 10 + unit : undefined;
}

/** A number written as digits or as words ("3", "three", "forty-eight", "a"); undefined otherwise. */
export function readNumber(word: string): number | undefined {
  const text = word.toLowerCase().trim().replace(/\s+/g, ' ');
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return numberWord(text) ?? AMOUNT_WORDS[text];
}

const SPELLED = `(?:(?:${TENS_WORDS.join('|')})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|${UNITS_WORDS.join('|')})`;

/** Any amount: digits, spelled numbers, "a", "a couple of", "a few". */
export const NUMBER_PATTERN = `(?:\\d+(?:\\.\\d+)?|${SPELLED}|a couple of|a few|a dozen|couple|few|several|another|a|an|single)`;

/** Minutes per unit; a month is 30 days (the engine has no calendar months: a wait has one length). */
const UNIT_MINUTES: [RegExp, number][] = [
  [/^(?:seconds?|secs?|s)$/, 1 / 60],
  [/^(?:minutes?|mins?|m)$/, 1],
  [/^(?:hours?|hrs?|hr|h)$/, 60],
  [/^(?:days?|d|nights?)$/, 1440],
  [/^(?:weeks?|wks?|w)$/, 7 * 1440],
  [/^(?:fortnights?)$/, 14 * 1440],
  [/^(?:months?|mos?)$/, 30 * 1440],
];

const UNIT_PATTERN =
  '(seconds?|secs?|minutes?|mins?|hours?|hrs?|hr|days?|nights?|weeks?|wks?|fortnights?|months?|mos?|[smhdw])';

function minutesPerUnit(word: string): number {
  const text = word.toLowerCase();
  return UNIT_MINUTES.find(([pattern]) => pattern.test(text))?.[1] ?? 1440;
}

/**
 * Exact ISO text for a number of minutes, in the unit the marketer wrote when it divides evenly
 * ("48 hours" stays PT48H), else in the next smaller unit that does ("a day and a half" PT36H).
 */
function isoFromMinutes(minutes: number, unitMinutes: number): string {
  const seconds = Math.round(minutes * 60);
  if (seconds % 60 !== 0) return `PT${seconds}S`;
  const whole = seconds / 60;
  if (unitMinutes >= 1440 && whole % 1440 === 0) return `P${whole / 1440}D`;
  if (unitMinutes >= 60 && whole % 60 === 0) return `PT${whole / 60}H`;
  return `PT${whole}M`;
}

export interface FoundDuration {
  iso: string;
  /** Where in the text the phrase was found. */
  index: number;
  length: number;
}

const FIXED = '(overnight|the next day|the following day|next day|tomorrow|the day after)';
// "3 days", "48h", "forty-eight hours", "a fortnight", "1.5 days", "one and a half days",
// "a day and a half", "an hour and 30 minutes", "2 more days", "half an hour".
const AMOUNT = `(${NUMBER_PATTERN})(?:\\s+and\\s+a\\s+half)?`;
const DURATION_RE = new RegExp(
  `\\b(?:${FIXED}|(half\\s+an?|${AMOUNT})(?:\\s*|-)(?:(?:more|additional|extra|further|whole|full)\\s+)?${UNIT_PATTERN}\\b(?:\\s+and\\s+(?:a\\s+(half)|(${NUMBER_PATTERN})\\s+${UNIT_PATTERN}\\b))?)`,
  'gi',
);

/** Every duration phrase in the text, in order. */
export function findDurations(text: string): FoundDuration[] {
  const found: FoundDuration[] = [];
  for (const match of text.matchAll(DURATION_RE)) {
    const minutes = match[1] !== undefined ? fixedMinutes(match[1]) : amountMinutes(match);
    if (minutes === undefined || minutes <= 0) continue;
    const unitMinutes = match[1] !== undefined ? 1440 : minutesPerUnit(match[4]);
    found.push({ iso: isoFromMinutes(minutes, unitMinutes), index: match.index, length: match[0].length });
  }
  return found;
}

function fixedMinutes(phrase: string): number {
  return /^overnight$/i.test(phrase) ? 720 : 1440;
}

function amountMinutes(match: RegExpMatchArray): number | undefined {
  const [whole, , amountText, , unitWord, trailingHalf, extraAmount, extraUnit] = match;
  // A bare letter unit ("3 m", "2 d") is only a unit when written tight ("30m", "2d").
  if (/^[smhdw]$/i.test(unitWord) && !new RegExp(`\\d${unitWord}\\b`, 'i').test(whole)) return undefined;
  const amount = readNumber(amountText.replace(/\s+and\s+a\s+half$/i, ''));
  if (amount === undefined) return undefined;
  const half = /\s+and\s+a\s+half$/i.test(amountText) || trailingHalf !== undefined ? 0.5 : 0;
  let minutes = (amount + half) * minutesPerUnit(unitWord);
  if (extraAmount !== undefined && extraUnit !== undefined) {
    const extra = readNumber(extraAmount);
    if (extra !== undefined) minutes += extra * minutesPerUnit(extraUnit);
  }
  return minutes;
}

export function findDuration(text: string): string | undefined {
  return findDurations(text)[0]?.iso;
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

/** A wait_until's offset in words: "-P2D" -> "2 days before", "PT2H" -> "2 hours after". */
export function offsetWords(offset: string): string {
  return `${describeDuration(offset.replace(/^[+-]/, ''))} ${offset.startsWith('-') ? 'before' : 'after'}`;
}
