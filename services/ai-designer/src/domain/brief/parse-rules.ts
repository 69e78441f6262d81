/**
 * Journey-wide rules found anywhere in a brief: frequency caps ("no more than 3 messages a
 * week"), the goal ("the goal is a purchase"), and exit criteria ("exit if they unsubscribe").
 * Each finder returns what it found and the sentence without the matched words.
 */
import { parseCondition } from '../language/conditions';
import { findDuration, NUMBER_PATTERN, readNumber } from '../language/durations';
import { eventOf } from '../language/lexicon';
import type { CapChannel, CapSpec, JourneyPlan } from './journey-plan';

const CAP_RE = new RegExp(
  `\\b(?:(?:never|don't|do not|we never|we don't)\\s+(?:send\\s+)?more than|(?:send\\s+)?no more than|not more than|at most|max(?:imum)?(?:\\s+of)?|cap(?:ped)?(?:\\s+(?:at|of|them at|it at|sends at|messages at))?|limit(?:ed)?(?:\\s+(?:to|of|them to|sends to|messages to))?|frequency cap(?:\\s+of)?|up to|never more than|only)\\s+(${NUMBER_PATTERN})\\s+((?:marketing\\s+)?(?:messages?|emails?|e-mails?|sms(?:es)?|texts?|push(?:es| notifications?)?|notifications?|sends?|whatsapp(?: messages)?|touches|touchpoints)?)\\s*(?:per|a|an|each|every|in (?:a|any|one)|within (?:a|any|one)?|over (?:a|any)?)\\s*(\\d+\\s+days?|\\d+\\s+hours?|day|week|month|24 hours|hour|\\d+h)\\b`,
  'i',
);

function capChannel(word: string): CapChannel {
  if (/e-?mail/i.test(word)) return 'email';
  if (/sms|text/i.test(word)) return 'sms';
  if (/push|notification/i.test(word)) return 'push';
  if (/whatsapp/i.test(word)) return 'whatsapp';
  return 'any';
}

function capWindow(word: string): string {
  const text = word.toLowerCase();
  const explicit = findDuration(/^\d/.test(text) ? text : `1 ${text}`);
  if (text === '24 hours') return 'P1D';
  return explicit ?? 'P1D';
}

export function findCap(sentence: string): { cap: CapSpec; rest: string } | undefined {
  const match = CAP_RE.exec(sentence);
  if (match === null) return undefined;
  const limit = readNumber(match[1]);
  if (limit === undefined || !Number.isInteger(limit) || limit < 1) return undefined;
  // "up to"/"only" are caps only with an explicit message word ("up to 3 days" is a wait).
  if (/^(?:up to|only)\b/i.test(match[0]) && match[2].trim() === '') return undefined;
  const cap = { channel: capChannel(match[2]), limit, window: capWindow(match[3]) };
  return { cap, rest: removeSpan(sentence, match.index, match[0].length) };
}

const UNSUBSCRIBE = /\b(?:unsubscrib(?:e|es|ed)|opt(?:s|ed)? out)\b/i;
const STOP_WORDS =
  '(?:exit|stop(?: the journey| sending| messaging)?|end the journey|leave the journey|remove them(?: from the journey)?|take them out|drop them|they (?:exit|leave)|exits?)';

/** "exit if they unsubscribe", "stop when they purchase", "the goal is a purchase". */
export function findGoalOrExit(sentence: string, plan: JourneyPlan): string | undefined {
  const goal =
    /\b(?:the\s+)?(?:goal|conversion|objective|success)(?:\s+event)?\s*(?:is|=|:|means)\s*(?:to\s+)?(?:get them to\s+|have them\s+|for them to\s+|when they\s+)?(.+)$/i.exec(
      sentence,
    );
  if (goal !== null) {
    const event = eventOf(goal[1]);
    if (event !== undefined) {
      const exitOnGoal =
        new RegExp(`\\b${STOP_WORDS}\\b`, 'i').test(goal[1]) || /\bthen (?:exit|stop|end)\b/i.test(sentence);
      plan.goal = { event, exitOnGoal: exitOnGoal || plan.goal?.exitOnGoal === true };
      return removeSpan(sentence, goal.index, goal[0].length);
    }
  }
  const stopFirst = new RegExp(
    `(?:^|\\b)${STOP_WORDS}\\s+(?:the journey\\s+)?(?:as soon as|once|when|if|whenever|the moment)\\s+(.+)$`,
    'i',
  ).exec(sentence);
  const stopLast = new RegExp(
    `^(?:as soon as|once|when|if|whenever|the moment)\\s+(.+?),?\\s+(?:they should\\s+|we\\s+)?${STOP_WORDS}\\b.*$`,
    'i',
  ).exec(sentence);
  const stop = stopFirst ?? stopLast;
  if (stop === null) return undefined;
  const condition = stop[1];
  if (
    findDuration(condition) !== undefined ||
    /\b(?:don't|do not|haven't|didn't|not|never)\b/i.test(condition)
  ) {
    return undefined;
  }
  if (UNSUBSCRIBE.test(condition)) {
    plan.exitCriteria = { expression: 'customer.unsubscribed == true', label: 'unsubscribes' };
    return removeSpan(sentence, stop.index, stop[0].length);
  }
  const event = eventOf(condition);
  if (event !== undefined) {
    if (plan.goal === undefined || plan.goal.event === event) {
      plan.goal = { event, exitOnGoal: true };
      return removeSpan(sentence, stop.index, stop[0].length);
    }
    return undefined;
  }
  const parsed = parseCondition(condition);
  if (parsed === undefined) return undefined;
  plan.exitCriteria = { expression: parsed.expression, label: parsed.label };
  return removeSpan(sentence, stop.index, stop[0].length);
}

function removeSpan(sentence: string, index: number, length: number): string {
  return `${sentence.slice(0, index)} ${sentence.slice(index + length)}`
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .replace(/\b(?:and|but|also)$/i, '')
    .trim();
}
