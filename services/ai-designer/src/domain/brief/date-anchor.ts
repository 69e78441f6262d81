/**
 * Times counted from a date the customer's profile holds: "2 days before their appointment date",
 * "30 minutes before the class starts", "the day after their check-out date", "on the refill date
 * itself". Each becomes a wait_until on that attribute with its offset, whatever the action around
 * it ("24 hours before their departure date, push ...", "email them 14 days before the deadline").
 */
import { findDurations } from '../language/durations';
import { camelName as camel } from '../language/sentences';
import type { Step } from './journey-plan';

type WaitUntil = Extract<Step, { kind: 'wait_until' }>;

/** The date attribute named last, so "2 hours before the appointment" or "2 days before it" is that date. */
export interface DateMemory {
  lastDateAttribute?: string;
  /** The offset of the last wait for that date: none when the journey is at the date itself. */
  lastDateOffset?: string;
}

const BEFORE = /^\s*(before|ahead of|prior to|after)\s+/i;
// "their", "the", "a member's", "each guest's": whose date it is.
const POSSESSIVE = "(?:their|the|his|her|its|your|(?:(?:a|an|each|every|the)\\s+)?[a-z][\\w-]*['’]s)";
const NOT_A_NAME = /^(?:same|next|following|previous|last|first|that|this|very|whole|big|end|start)$/i;
// Compiled once: these run on every clause of every brief.
const NAMED = new RegExp(
  `^${POSSESSIVE}\\s+((?:[a-z][\\w-]*\\s+){1,3}?)(date(?:[- ]?time)?|day|time|deadline)\\b`,
  'i',
);
const BY_VERB = new RegExp(
  `^${POSSESSIVE}\\s+((?:[a-z][\\w-]*\\s+){0,2}?[a-z][\\w-]*)\\s+(starts?|begins?|kicks off|opens?|ends?|expires?|closes?|finishes)\\b`,
  'i',
);
const BARE = new RegExp(`^${POSSESSIVE}\\s+([a-z][\\w-]*)\\b(?!\\s+of\\b)`, 'i');
const ON = new RegExp(`(?:^|\\s)on\\s+(?=${POSSESSIVE}\\s)`, 'i');
const ANCHOR_WORD = /\b(?:before|ahead of|prior to|after|on)\b/i;

/**
 * The date attribute a phrase opening `text` names, and how long the phrase is: "their renewal
 * date" -> renewalDate, "the application deadline" -> applicationDeadline, "the reservation time"
 * -> reservationTime, "the class starts" -> classStartDate, "it" -> the date named last; with
 * `before`, a bare "the appointment" too (nothing counted from the past is written "before").
 */
export function dateReference(
  text: string,
  before: boolean,
  memory: DateMemory,
): { attribute: string; length: number } | undefined {
  const named = NAMED.exec(text);
  if (named !== null && !NOT_A_NAME.test(named[1].trim().split(/\s+/)[0])) {
    const kind = named[2].toLowerCase();
    const suffix = kind === 'time' ? 'Time' : kind === 'deadline' ? 'Deadline' : 'Date';
    return { attribute: `${camel(named[1])}${suffix}`, length: named[0].length };
  }
  const verb = BY_VERB.exec(text);
  if (verb !== null && !NOT_A_NAME.test(verb[1].split(/\s+/)[0])) {
    const edge = /^(?:starts?|begins?|kicks|opens?)/i.test(verb[2]) ? 'Start' : 'End';
    return { attribute: `${camel(verb[1])}${edge}Date`, length: verb[0].length };
  }
  const pronoun = (
    before ? /^(?:it|that date|that day|that time|this date|then)\b/i : /^(?:that date|that day)\b/i
  ).exec(text);
  if (pronoun !== null && memory.lastDateAttribute !== undefined) {
    return { attribute: memory.lastDateAttribute, length: pronoun[0].length };
  }
  // "2 days before departure", "the day after the show": a date named earlier, by its first word;
  // after it only when the journey is not at the date itself (there a plain wait says it).
  const known = memory.lastDateAttribute;
  const word = /^(?:(?:the|their)\s+)?([a-z][\w-]*)\b(?!\s+of\b)/i.exec(text);
  if (
    known !== undefined &&
    (before || memory.lastDateOffset !== undefined) &&
    word !== null &&
    !NOT_A_NAME.test(word[1]) &&
    known.startsWith(camel(word[1]))
  )
    return { attribute: known, length: word[0].length };
  const bare = BARE.exec(text);
  if (before && bare !== null && !NOT_A_NAME.test(bare[1])) {
    const name = camel(bare[1]);
    return {
      attribute: known !== undefined && known.startsWith(name) ? known : `${name}Date`,
      length: bare[0].length,
    };
  }
  return undefined;
}

/**
 * A clause whose time is counted from a date: the wait_until, and the rest of the clause (the
 * action), or undefined. Opening ("2 days before X, send ...") or closing ("send ... 2 days before X").
 */
export function peelDateAnchor(
  clause: string,
  memory: DateMemory,
): { step: WaitUntil; rest: string } | undefined {
  if (!ANCHOR_WORD.test(clause)) return undefined;
  const on = ON.exec(clause);
  if (on !== null) {
    const at = on.index + on[0].length;
    const reference = dateReference(clause.slice(at), false, memory);
    if (reference !== undefined && !/\bday$/i.test(clause.slice(at, at + reference.length))) {
      const end =
        at + reference.length + (/^\s+itself\b/i.exec(clause.slice(at + reference.length))?.[0].length ?? 0);
      return anchored(clause, on.index, end, reference.attribute, undefined, memory);
    }
  }
  // "the day before the event": a day, like "the day after" (a duration of its own).
  const amounts = [
    ...findDurations(clause),
    ...[...clause.matchAll(/\bthe (day|night|evening|week)(?=\s+(?:before|ahead of|prior to)\b)/gi)].map(
      (match) => ({
        iso: /week/i.test(match[1]) ? 'P7D' : 'P1D',
        index: match.index,
        length: match[0].length,
      }),
    ),
  ];
  for (const found of amounts) {
    const afterAmount = clause.slice(found.index + found.length);
    // "the day after" is one phrase: its "after" is the direction.
    const fixedAfter = /\bafter$/i.test(clause.slice(found.index, found.index + found.length));
    const direction = fixedAfter ? ['', 'after'] : BEFORE.exec(afterAmount);
    if (direction === null) continue;
    const before = !/^after$/i.test(direction[1]);
    const refAt =
      found.index +
      found.length +
      direction[0].length +
      (fixedAfter ? /^\s*/.exec(afterAmount)![0].length : 0);
    const reference = dateReference(clause.slice(refAt), before, memory);
    if (reference === undefined) continue;
    const offset = `${before ? '-' : ''}${found.iso}`;
    return anchored(clause, found.index, refAt + reference.length, reference.attribute, offset, memory);
  }
  return undefined;
}

function anchored(
  clause: string,
  start: number,
  end: number,
  attribute: string,
  offset: string | undefined,
  memory: DateMemory,
): { step: WaitUntil; rest: string } {
  memory.lastDateAttribute = attribute;
  memory.lastDateOffset = offset;
  const rest = `${clause.slice(0, start)} ${clause.slice(end).replace(/^\s*[,:]?\s*(?:then\s+)?/i, '')}`
    .replace(/\s+/g, ' ')
    .replace(/[,\s]+$/, '')
    .trim();
  return { step: { kind: 'wait_until', attribute, ...(offset !== undefined ? { offset } : {}) }, rest };
}
