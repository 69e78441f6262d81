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
  /** An assumption made reading it, for the explanation. */
  note?: string;
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

const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, last: 28 };

/** "On the first of every month at 9am", "on the 15th of each month": a day of the month. */
function monthlyScheduleOf(sentence: string): { cron: string; label: string; rest: string } | undefined {
  const match =
    /^(?:on\s+)?(?:the\s+)?(first|second|third|last|\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:every|each|the)\s+month(?:\s+(?:at|@)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?)?\s*,?\s*/i.exec(
      sentence,
    );
  if (match === null) return undefined;
  const day = ORDINALS[match[1].toLowerCase()] ?? Number(match[1]);
  if (day < 1 || day > 31) return undefined;
  let hour = match[2] === undefined ? 9 : Number(match[2]);
  if (match[4]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
  if (match[4]?.toLowerCase() === 'am' && hour === 12) hour = 0;
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return {
    cron: `${minute} ${hour} ${day} * *`,
    label: `on day ${day} of every month at ${time} UTC`,
    rest: sentence.slice(match[0].length),
  };
}

function scheduleOf(sentence: string): { cron: string; label: string; rest: string } | undefined {
  const monthly = monthlyScheduleOf(sentence);
  if (monthly !== undefined) return monthly;
  const match =
    /^(?:on\s+)?every\s+(day|weekday|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning)(?:\s+(?:at|@)\s+(\d{1,2}|noon|midday|midnight)(?::(\d{2}))?\s*(am|pm)?)?(?:\s+(?:in|,)?\s*\(?([A-Z][a-z]+\/[A-Za-z_]+)\)?)?\s*,?\s*/i.exec(
      sentence,
    );
  if (match === null) return undefined;
  let hour =
    match[2] === undefined
      ? 9
      : /^(?:noon|midday)$/i.test(match[2])
        ? 12
        : /^midnight$/i.test(match[2])
          ? 0
          : Number(match[2]);
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
  /^(?:for\s+[\w -]{1,28}:|(?:customers|people|users|they|contacts|the journey|it)\s+(?:enter|start|starts|begin|begins|are enrolled)|.{0,30}\b(?:starting|beginning|triggered|kicking off|enter(?:s|ing)?|runs?|fires?))$/i;

const AUDIENCE =
  '(?:all\\s+)?(?:(?:new|our|existing|active|dormant|lapsed|inactive|loyal|current)\\s+)?(?:customers|users|people|contacts|subscribers|everyone|everybody|anyone|shoppers|members|buyers|clients|leads)';

const SEGMENT = new RegExp(
  `(^|\\b(?:for|target(?:ing)?|to|audience:?|at)\\s+|^audience:?\\s*)(?:${AUDIENCE}|(?:all\\s+)?(?:[a-z-]+\\s+){0,2}?[a-z]{3,}s(?=\\s+(?:who|that|whose)\\b)|(?<=^\\s*for\\s+)(?:all\\s+)?(?:[a-z-]+\\s+){0,2}?[a-z]{3,}s(?=\\s+(?:on|in|with|tagged)\\s))\\s+(who|that|whose|with|on|in|from|tagged)\\s+(.+?)(?=\\s*(?:[,;:]|$|\\s+(?:should|will|get|gets|receive|receives|are sent|need|must)\\b))`,
  'i',
);

/**
 * An audience named anywhere in the sentence: "for customers on the pro plan, ...", "we want to
 * target customers who haven't logged in for 30 days", "people who haven't ordered in 90 days
 * receive ...", "send a text to everyone tagged sale_fans"; a sentence opening "For" names one with any
 * plural noun ("for accounts on the enterprise plan").
 */
function segmentOf(sentence: string): FoundEntry | undefined {
  const match = SEGMENT.exec(sentence);
  if (match === null) return undefined;
  const connector = match[2].toLowerCase();
  const head = match[3];
  const before = sentence.slice(0, match.index);
  // "For customers who sign up, ..." is an event, not a segment.
  const negatedOrPast =
    /(?:\bnot|n't|\bnever|\bno)\b|\b(?:for|in|within|over)\s+(?:the\s+(?:last|past)\s+)?\S+\s+(?:days?|weeks?|months?)|\b(?:more than|over|at least|fewer than|less than|under)\s+[$€£]?\d/i.test(
      head,
    );
  const event =
    !negatedOrPast && /\b(?:sign|buy|purchase|order|abandon|register|start|book|install|download)/i.test(head)
      ? (eventOf(`they ${head}`) ?? eventOf(head))
      : undefined;
  const after = sentence.slice(match.index + match[0].length).replace(/^\s*[,;:]?\s*/, '');
  const rest = (
    before.trim() === '' || /^(?:hi|hello|hey)?\b[^,]*\b(?:want|would like|need|plan)\s+to\s*$/i.test(before)
      ? after.replace(
          /^(?:they\s+)?(?:should|will|must|need to)?\s*(?:get|gets|receive|receives|are sent)\s+/i,
          'send ',
        )
      : `${before.replace(/\s+(?:to|for|at)\s*$/i, '')} ${after}`
  ).trim();
  if (event !== undefined) return { entry: { kind: 'event', event }, rest };
  const phrase =
    connector === 'on'
      ? `are on ${head}`
      : connector === 'in' || connector === 'from'
        ? `are from ${head}`
        : connector === 'with'
          ? `have ${head}`
          : connector === 'tagged'
            ? `tagged ${head}`
            : head;
  const condition = parseCondition(phrase) ?? parseCondition(head);
  if (condition !== undefined)
    return { entry: { kind: 'segment', expression: condition.expression, label: condition.label }, rest };
  // "For homeowners whose policy expires in the next 60 days: ...", "Audience: free-plan workspaces
  // that ...": an audience named as such, whose words are no profile condition we know, is kept as
  // a tag of its people for the marketer to fill (said in the explanation).
  if (!/^(?:for|audience:?|target(?:ing)?)\b/i.test(match[0].trim()) || before.trim() !== '')
    return undefined;
  const people = match[0]
    .trim()
    .replace(/^(?:for|audience:?|target(?:ing)?)\s+/i, '')
    .replace(new RegExp(`\\s+${connector}\\s+[\\s\\S]*$`, 'i'), '')
    .replace(/^(?:all|our|the)\s+/i, '');
  const tag = people
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (tag === '') return undefined;
  const label = `${people} ${connector} ${head}`;
  return {
    entry: { kind: 'segment', expression: `hasTag('${tag}')`, label: `tagged "${tag}" (${label})` },
    note: `The audience "${label}" is no profile condition the designer knows: customers tagged "${tag}" enter; tag them, or edit the entry's condition.`,
    rest,
  };
}

/** A schedule written inside the sentence ("send the digest every Monday at 9am"), and the rest. */
function scheduleWithin(
  sentence: string,
): { entry: Extract<EntrySpec, { kind: 'scheduled' }>; rest: string } | undefined {
  const at =
    /\s(?=(?:on\s+)?(?:every\s+(?:day|weekday|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning)\b|(?:the\s+)?(?:first|second|third|last|\d{1,2}(?:st|nd|rd|th)?)\s+(?:day\s+)?of\s+(?:every|each)\s+month))/i.exec(
      sentence,
    );
  if (at === null) return undefined;
  const schedule = scheduleOf(sentence.slice(at.index + 1));
  if (schedule === undefined) return undefined;
  const timezone = /\b([A-Z][a-z]+\/[A-Za-z_]+)\b/.exec(sentence)?.[1];
  const rest = `${sentence.slice(0, at.index)} ${schedule.rest}`
    .replace(/\s+/g, ' ')
    .replace(/[\s,]+$/, '')
    .trim();
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

  // "On each member's birthday, send ...": the day of the year the vocabulary has an event for.
  const day =
    /^on\s+(?:their|his|her|(?:(?:a|an|each|every|the)\s+)?[a-z-]+['’]s)\s+(birthday)\s*,?\s*/i.exec(
      sentence,
    );
  if (day !== null) {
    const event = eventOf(day[1]);
    if (event !== undefined) return { entry: { kind: 'event', event }, rest: sentence.slice(day[0].length) };
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

  const segment = segmentOf(sentence);
  if (segment !== undefined) {
    // "For customers on the gold tier, send ... every Thursday at 6pm": a schedule for them.
    const later = segment.entry.kind === 'segment' ? scheduleWithin(segment.rest) : undefined;
    if (later !== undefined && segment.entry.kind === 'segment') {
      return {
        entry: {
          ...later.entry,
          criteria: segment.entry.expression,
          label: `${later.entry.label} for customers ${segment.entry.label}`,
        },
        rest: later.rest,
      };
    }
    return segment;
  }
  const midSchedule = scheduleWithin(sentence);
  if (midSchedule !== undefined) return { entry: midSchedule.entry, rest: midSchedule.rest };

  // "When a customer signs up, ...", "2 hours after signup, ...", "Trigger: cart abandoned"
  const trigger = /^(?:trigger|entry|start(?:s)?\s+when|enter(?:s)? when)\s*[:-]?\s*([^,.]+)[,.]?\s*/i.exec(
    sentence,
  );
  const when =
    /^(?:(.{1,30}?)\s+)?(?:when|whenever|once|as soon as|after|right after|every time|each time|the moment)\s+([^,:]+?)\s*(?:[,:]\s*|$)/i.exec(
      sentence,
    );
  const match = trigger ?? when;
  if (match === null) return trailingTrigger(sentence);
  let head = trigger !== null ? trigger[1] : when![2];
  let restStart = match.index + match[0].length;
  // "When a user signs up send them an email": no comma, the action starts at its verb.
  const verb =
    /\s+(?=(?:send|email them|text them|notify|give|tag|add|wait|call|post|message|whatsapp|push)\b)/i.exec(
      head,
    );
  if (verb !== null && eventOf(head.slice(0, verb.index)) !== undefined) {
    restStart = sentence.indexOf(head) + verb.index;
    head = head.slice(0, verb.index);
  }
  // "Entry: invoice overdue": a label's noun and its state, as "an invoice is overdue".
  const event =
    eventOf(head) ??
    actNoun(head) ??
    (trigger !== null ? eventOf(head.replace(/^((?:\S+\s+)?\S+)\s+([a-z]+)$/i, '$1 is $2')) : undefined);
  if (event === undefined) return trailingTrigger(sentence);
  if (trigger === null && findDuration(head) !== undefined) return undefined;
  const prefix = when?.[1];
  const delay = prefix !== undefined ? findDuration(prefix) : undefined;
  if (prefix !== undefined && delay === undefined && !ENTRY_PREFIX.test(prefix)) return undefined;
  // "Remind patients by SMS 2 days after a missed appointment": the action before the delay.
  const action =
    prefix !== undefined && delay !== undefined
      ? prefix
          .replace(
            /\s*\b(?:about|around|some|roughly|exactly)?\s*\S+\s+(?:minutes?|hours?|days?|weeks?|months?|[0-9]+[hdw])\s*$/i,
            '',
          )
          .trim()
      : '';
  const after = sentence.slice(restStart).replace(/^[\s,:;-]+/, '');
  return {
    entry: { kind: 'event', event },
    ...(delay !== undefined ? { delay } : {}),
    rest:
      action !== '' && findDuration(action) === undefined
        ? `${action}${after === '' ? '' : `, then ${after}`}`
        : after,
  };
}

/**
 * "right after their first donation": a noun for what they did is the event of making it, named
 * as "they made a donation" is (donation_made).
 */
function actNoun(head: string): string | undefined {
  if (
    !/^(?:their|a|an|the|his|her|each|every|any)\s+(?:(?:first|next|latest|new|initial)\s+)?[a-z]+$/i.test(
      head.trim(),
    )
  )
    return undefined;
  return eventOf(`they made ${head.trim()}`);
}

/** "Thank them with an email the moment they buy": the trigger at the end of the sentence. */
function trailingTrigger(sentence: string): FoundEntry | undefined {
  const match =
    /^(.+?)\s+(?:the moment|as soon as|right after|immediately after|whenever|every time|each time)\s+(?:they|someone|a customer|the customer|customers|a user|users|people)\s+(.+)$/i.exec(
      sentence,
    );
  if (match === null) return undefined;
  const event = eventOf(match[2]);
  return event === undefined ? undefined : { entry: { kind: 'event', event }, rest: match[1] };
}
