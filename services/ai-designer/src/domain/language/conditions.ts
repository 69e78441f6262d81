/**
 * Conditions about the customer as marketers write them ("they are a VIP", "they're on the pro
 * plan", "they spent more than $100", "country is France") to expressions of the engine's
 * language (docs/expressions.md). Only facts about the profile or the entry context: conditions
 * about something the customer does later are events (see lexicon.ts).
 */

import { isPersonWord, pastParticiple } from './derived-events';
import { describeDuration, durationMs, findDuration } from './durations';

export interface ParsedCondition {
  expression: string;
  /** The condition in plain words, for the explanation. */
  label: string;
}

const SUBJECT =
  /^(?:(?:the|a|an|each|every|our)\s+)?(?:customers?|users?|they|he|she|contacts?|people|someone|subscribers?|shoppers?|members?|guests?|buyers?|clients?)\s+/i;

function camel(words: string): string {
  const parts = words
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((part) => part !== '' && !['the', 'a', 'an', 'their', 'his', 'her', 'of'].includes(part));
  if (parts.length === 0) return 'flag';
  const name = parts.map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1))).join('');
  return /^[a-z_]/.test(name) ? name : `n${name}`;
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function literal(value: string): string {
  const trimmed = value.trim().replace(/^["'“]|["'”]$/g, '');
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return trimmed;
  if (/^(true|yes)$/i.test(trimmed)) return 'true';
  if (/^(false|no)$/i.test(trimmed)) return 'false';
  return quote(trimmed);
}

const COMPARISONS: [RegExp, string][] = [
  [/\b(?:more than|over|above|greater than|at least|>=?)\s*/i, '>'],
  [/\b(?:less than|under|below|fewer than|<=?)\s*/i, '<'],
];

/** The condition as an expression, or undefined when the phrase is not a condition we know. */
export function parseCondition(rawPhrase: string): ParsedCondition | undefined {
  let phrase = rawPhrase
    .trim()
    // "they're still on the free plan": the subject and its verb written out, no adverb of time.
    .replace(/\b(they|you|we)['’]re\b/gi, '$1 are')
    .replace(/\b(he|she|it)['’]s\b/gi, '$1 is')
    .replace(/\b(are|is|am)\s+(?:still|already|now|currently)\s+/gi, '$1 ')
    .replace(/[.,;:!]+$/, '')
    .replace(/^(?:if|when|whether|only if|unless)\s+/i, '');
  let negated = /^unless\b/i.test(rawPhrase.trim());
  phrase = phrase.replace(SUBJECT, '');
  // "a listener hasn't played ...", "donors who ...": any word for a person is the subject too.
  const person = /^(?:(?:the|a|an|each|every|our|any)\s+)?([a-z]+)\s+(?=\S)/i.exec(phrase);
  if (person !== null && isPersonWord(person[1])) phrase = phrase.slice(person[0].length);
  const inactive = inactivityCondition(phrase);
  if (inactive !== undefined) return inactive;
  const negation =
    /\b(?:are not|aren't|is not|isn't|do not|don't|does not|doesn't|did not|didn't|have not|haven't|has not|hasn't|not)\s+/i;
  if (negation.test(phrase)) {
    negated = !negated;
    phrase = phrase.replace(negation, '');
  }
  const positive = positiveCondition(phrase) ?? (negated ? pastFact(phrase, true) : pastFact(phrase, false));
  if (positive === undefined) return undefined;
  return negated ? { expression: `not (${positive.expression})`, label: `not ${positive.label}` } : positive;
}

/** What a customer has not done lately, and the profile attribute holding when they last did it. */
const LAST_DONE: [RegExp, string, string][] = [
  [/log(?:ged)?\s*(?:back\s+)?in|sign(?:ed)?\s+in|logins?/i, 'lastLoginAt', 'logged in'],
  [
    /order(?:ed)?|bought|purchased?|shopped|(?:made|placed) (?:a |an )?(?:purchase|order)/i,
    'lastOrderAt',
    'ordered',
  ],
  [/opened|clicked|engaged/i, 'lastEngagedAt', 'engaged'],
  [/visited|been active|been back|used|been seen|come back|returned/i, 'lastActiveAt', 'been active'],
];

/** "have not logged in for 2 weeks", "haven't ordered in 90 days": the last time is too long ago. */
function inactivityCondition(phrase: string): ParsedCondition | undefined {
  const match =
    /^(?:(?:have|has|had|did|do|does)\s*(?:not|n't)|haven't|hasn't|hadn't|didn't|don't|doesn't|not|never)\s+(?:been\s+)?(.+)\s+(?:(?:for|in|during|over)\s+(?:the\s+(?:last|past)\s+)?|within\s+the\s+(?:last|past)\s+)(.+)$/i.exec(
      phrase,
    );
  if (match === null) return undefined;
  const duration = findDuration(match[2]);
  // Any other verb: "played", "streamed", "booked a class" -> lastPlayedAt, lastStreamedAt...
  const verb = /^([a-z]+)\b/i.exec(match[1])?.[1] ?? '';
  const done = pastParticiple(verb, false);
  const what: [RegExp, string, string] | undefined =
    LAST_DONE.find(([pattern]) => pattern.test(match[1])) ??
    (done !== undefined && /ed$/.test(done)
      ? [/./, `last${done[0].toUpperCase()}${done.slice(1).toLowerCase()}At`, done.toLowerCase()]
      : undefined);
  if (duration === undefined || what === undefined) return undefined;
  const ms = durationMs(duration);
  const amount =
    ms % 86_400_000 === 0
      ? `days(${ms / 86_400_000})`
      : ms % 3_600_000 === 0
        ? `hours(${ms / 3_600_000})`
        : `minutes(${Math.round(ms / 60_000)})`;
  return {
    expression: `customer.${what[1]} < now() - ${amount}`,
    label: `have not ${what[2]} for ${describeDuration(duration)}`,
  };
}

function positiveCondition(phrase: string): ParsedCondition | undefined {
  const text = phrase.trim();
  let match: RegExpExecArray | null;

  if (
    (match =
      /^(?:(?:are|is|have|has)\s+)?(?:tagged|(?:got |have |has )?(?:the|a) tag)\s+["'“]?([\w-]+)["'”]?/i.exec(
        text,
      ))
  ) {
    return {
      expression: `hasTag(${quote(match[1].toLowerCase())})`,
      label: `tagged "${match[1].toLowerCase()}"`,
    };
  }
  if (
    (match =
      /^(?:(?:are|is)\s+)?(?:on|in|using)\s+(?:the|a|an)\s+([\w-]+)\s+(plan|tier|subscription)\b/i.exec(text))
  ) {
    return {
      expression: `customer.plan == ${quote(match[1].toLowerCase())}`,
      label: `on the ${match[1].toLowerCase()} plan`,
    };
  }
  if (
    (match = /^(?:(?:are|is|live|lives|based)\s+)?(?:in|from)\s+([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)\b/.exec(text))
  ) {
    return { expression: `customer.country == ${quote(match[1])}`, label: `from ${match[1]}` };
  }
  if (
    (match =
      /^(?:have|has|with)\s+(?:a|an)\s+(phone(?: number)?|mobile(?: number)?|email(?: address)?)\b/i.exec(
        text,
      ))
  ) {
    const attribute = /email/i.test(match[1]) ? 'email' : 'phone';
    return {
      expression: `exists(customer.${attribute})`,
      label: `has a ${attribute === 'email' ? 'email address' : 'phone number'}`,
    };
  }
  if (
    (match = /^(?:have|has)\s+(?:opted|signed)\s+in\s+(?:to|for)\s+(sms|texts?|email|push|whatsapp)/i.exec(
      text,
    ))
  ) {
    const channel = /text/i.test(match[1]) ? 'sms' : match[1].toLowerCase();
    return { expression: `customer.${channel}OptIn == true`, label: `opted in to ${channel}` };
  }
  if ((match = /^(?:have|has)\s+(?:installed\s+)?(?:the|our)\s+app\b/i.exec(text))) {
    return { expression: 'customer.appInstalled == true', label: 'has the app' };
  }
  // "spent more than $100", "have more than 3 orders", "cart value is over 50", "age over 30"
  for (const [pattern, operator] of COMPARISONS) {
    const split = pattern.exec(text);
    if (split === null) continue;
    const before = text.slice(0, split.index).trim();
    const after = text.slice(split.index + split[0].length).trim();
    const number = /^[$€£]?\s*(\d+(?:\.\d+)?)\s*([a-z]+)?/i.exec(after);
    if (number === null) continue;
    const op = /at least/i.test(split[0]) ? '>=' : operator;
    const attribute = comparedAttribute(before, number[2]);
    return {
      expression: `${attribute} ${op} ${number[1]}`,
      label: `${before.replace(/^(?:is|are|has|have)\s+/i, '') || attribute} ${split[0].trim()} ${number[1]}${number[2] !== undefined ? ` ${number[2]}` : ''}`,
    };
  }
  // "plan is pro", "country is France", "language = de"
  if (
    (match = /^(?:(?:their|the|his|her)\s+)?([a-z][\w ]{0,30}?)\s+(?:is|equals|=|==)\s+(.+)$/i.exec(text))
  ) {
    const attribute = `customer.${camel(match[1])}`;
    return {
      expression: `${attribute} == ${literal(match[2])}`,
      label: `${match[1].trim()} is ${match[2].trim()}`,
    };
  }
  // "are a VIP", "is a premium member", "are VIPs"
  if ((match = /^(?:are|is)\s+(?:an?\s+)?([\w-]+(?:\s[\w-]+)?)$/i.exec(text))) {
    const word = match[1]
      .toLowerCase()
      .replace(/\s*(?:member|customer|user)s?$/, '')
      .replace(/s$/, '');
    const tag = word.replace(/\s+/g, '_');
    return { expression: `hasTag(${quote(tag)})`, label: `a ${word} customer (tagged "${tag}")` };
  }
  return undefined;
}

/**
 * "attended", "(did not) attend", "completed the survey": something the customer did before the
 * journey reached this point, read from a profile flag of that name (customer.attended).
 */
function pastFact(phrase: string, baseAllowed: boolean): ParsedCondition | undefined {
  const match = /^(?:did\s+)?([a-z]+)((?:\s+[a-z]+){0,3})$/i.exec(phrase.trim());
  if (match === null) return undefined;
  const done = pastParticiple(match[1], baseAllowed);
  if (done === undefined || !/ed$/.test(done)) return undefined;
  const words = `${done}${match[2]}`;
  return { expression: `customer.${camel(words)} == true`, label: words.trim() };
}

function comparedAttribute(before: string, unitWord: string | undefined): string {
  const text = `${before} ${unitWord ?? ''}`.toLowerCase();
  if (/\bcart\b/.test(text)) return 'context.cartValue';
  if (/\border(?:s|ed)?\b|\bpurchases\b/.test(text)) return 'customer.orderCount';
  if (/\bspen[dt]|\bspending|\brevenue|\blifetime value|\bltv\b/.test(text)) return 'customer.totalSpent';
  if (/\bage\b|\bold(?:er)?\b|\byears\b/.test(text)) return 'customer.age';
  if (/\bscore\b/.test(text)) return 'customer.score';
  if (/\bpoints\b/.test(text)) return 'customer.loyaltyPoints';
  if (/\bvisits?\b|\bsessions?\b/.test(text)) return 'customer.visitCount';
  if (/\bamount|\bvalue|\btotal\b/.test(text)) return 'context.amount';
  const words = before
    .replace(/^(?:is|are|has|have|with)\s+/i, '')
    .replace(/\s+(?:is|are|was|were|gets|stays)$/i, '');
  return `customer.${camel(words) || 'value'}`;
}
