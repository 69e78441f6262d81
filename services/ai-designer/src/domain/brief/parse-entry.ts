/**
 * How customers enter, from the opening of a brief: an event ("when someone signs up"), a
 * schedule ("every Monday at 9am"), a segment ("for customers on the trial plan"), a webhook
 * ("when our backend calls the webhook") or an enrolment through the API.
 */
import { parseCondition } from '../language/conditions';
import { findDuration } from '../language/durations';
import { eventOf } from '../language/lexicon';
import type { EntrySpec } from './journey-plan';

export interface FoundEntry {
  entry: EntrySpec;
  /** A delay before the first step ("2 hours after signup"). */
  delay?: string;
  /** The rest of the sentence, still to be read as actions. */
  rest: string;
}

const DAYS: Record<string, string> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

function scheduleOf(sentence: string): { cron: string; label: string; rest: string } | undefined {
  const match =
    /^(?:on\s+)?every\s+(day|weekday|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning)(?:\s+(?:at|@)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?)?(?:\s+(?:in|,)?\s*\(?([A-Z][a-z]+\/[A-Za-z_]+)\)?)?\s*,?\s*/i.exec(
      sentence,
    );
  if (match === null) return undefined;
  let hour = match[2] === undefined ? 9 : Number(match[2]);
  if (match[4]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
  if (match[4]?.toLowerCase() === 'am' && hour === 12) hour = 0;
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  const unit = match[1].toLowerCase();
  const dayPart =
    unit === 'weekday'
      ? '* * mon-fri'
      : unit === 'week'
        ? '* * mon'
        : unit === 'month'
          ? '1 * *'
          : DAYS[unit] !== undefined
            ? `* * ${DAYS[unit]}`
            : '* * *';
  const cron = `${minute} ${hour} ${dayPart}`;
  const label = `every ${unit} at ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}${match[5] !== undefined ? ` (${match[5]})` : ' UTC'}`;
  return { cron, label, rest: sentence.slice(match[0].length) };
}

const ENTRY_PREFIX =
  /^(?:customers|people|users|they|contacts|the journey|it)\s+(?:enter|start|starts|begin|begins|are enrolled)$/i;

/** The entry a sentence opens with, or undefined when it does not describe one. */
export function findEntry(sentence: string): FoundEntry | undefined {
  const schedule = scheduleOf(sentence);
  if (schedule !== undefined) {
    const timezone = /\b([A-Z][a-z]+\/[A-Za-z_]+)\b/.exec(sentence)?.[1];
    const rest = schedule.rest.replace(/^(?:send|email)\s+(?:all\s+)?(?:customers|everyone)\s+/i, 'send ');
    return {
      entry: {
        kind: 'scheduled',
        cron: schedule.cron,
        label: schedule.label,
        ...(timezone ? { timezone } : {}),
      },
      rest,
    };
  }

  const webhook =
    /^(?:when|whenever|once)\s+(?:our|the|your)\s+(?:backend|system|crm|server|app|shop|platform)\s+(?:calls|hits|posts to|triggers|sends)\s+(?:the|a|our)?\s*(?:journey'?s?\s+)?(?:webhook|hook|url)[^,]*,?\s*/i.exec(
      sentence,
    );
  if (webhook !== null) return { entry: { kind: 'webhook' }, rest: sentence.slice(webhook[0].length) };

  const manual =
    /^(?:when|once|after)\s+(?:we|you|the team|marketing)\s+(?:enrol|enroll|add|import|upload|select)\b[^,]*,?\s*/i.exec(
      sentence,
    );
  if (manual !== null) return { entry: { kind: 'manual' }, rest: sentence.slice(manual[0].length) };

  const segment =
    /^(?:for|target(?:ing)?|audience:?)\s+(?:all\s+)?(?:customers|users|people|contacts|subscribers|everyone|shoppers)\s+(who|that|whose|with|on|in|from)\s+([^,]+),?\s*/i.exec(
      sentence,
    );
  if (segment !== null) {
    const connector = segment[1].toLowerCase();
    const head = segment[2];
    const rest = sentence.slice(segment[0].length);
    const event = /\b(?:sign|buy|purchase|order|abandon|register|start)/i.test(head)
      ? eventOf(head)
      : undefined;
    if (event !== undefined) return { entry: { kind: 'event', event }, rest };
    const phrase =
      connector === 'on'
        ? `are on ${head}`
        : connector === 'in' || connector === 'from'
          ? `are from ${head}`
          : connector === 'with'
            ? `have ${head}`
            : head;
    const condition = parseCondition(phrase) ?? parseCondition(head);
    if (condition !== undefined) {
      return { entry: { kind: 'segment', expression: condition.expression, label: condition.label }, rest };
    }
  }

  // "When a customer signs up, ...", "2 hours after signup, ...", "Trigger: cart abandoned"
  const trigger = /^(?:trigger|entry|start(?:s)?\s+when|enter(?:s)? when)\s*[:-]?\s*([^,.]+)[,.]?\s*/i.exec(
    sentence,
  );
  const when =
    /^(?:(.{1,30}?)\s+)?(?:when|whenever|once|as soon as|after|right after|every time|each time|the moment)\s+([^,:]+?)\s*(?:[,:]\s*|$)/i.exec(
      sentence,
    );
  const match = trigger ?? when;
  if (match === null) return undefined;
  const head = trigger !== null ? trigger[1] : when![2];
  const event = eventOf(head);
  if (event === undefined) return undefined;
  if (trigger === null && findDuration(head) !== undefined) return undefined;
  const prefix = when?.[1];
  const delay = prefix !== undefined ? findDuration(prefix) : undefined;
  if (prefix !== undefined && delay === undefined && !ENTRY_PREFIX.test(prefix)) return undefined;
  return {
    entry: { kind: 'event', event },
    ...(delay !== undefined ? { delay } : {}),
    rest: sentence.slice(match[0].length),
  };
}
