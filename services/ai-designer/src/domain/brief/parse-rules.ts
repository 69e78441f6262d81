/**
 * Journey-wide rules found anywhere in a brief: frequency caps ("no more than 3 messages a
 * week"), the goal ("the goal is a purchase"), and exit criteria ("exit if they unsubscribe").
 * Each finder returns what it found and the sentence without the matched words.
 */
import { parseCondition } from '../language/conditions';
import { findDuration, NUMBER_PATTERN, readNumber } from '../language/durations';
import { eventOf, headingEventOf } from '../language/lexicon';
import type { CapChannel, CapSpec, JourneyPlan, Step } from './journey-plan';

/** The words of a limit: "no more than", "at most", "cap ... at", "limit ... to", "max". */
const CAP_CUE =
  '(?:keep (?:it|things|them|sends|messages|messaging|contact|us|everything)? ?(?:to|at|under)|no more than|not more than|never more than|more than|at most|a maximum of|maximum of|max(?:imum)?|cap(?:ped|s)?|limit(?:ed|s)?|frequency cap(?: of)?|throttle(?:d)?|up to|only)';
const MESSAGE_WORDS =
  '(?:(?:marketing|promotional|promo)\\s+)?(?:messages?|e-?mails?|mails?|newsletters?|sms(?:es)?|texts?(?:\\s+messages?)?|push(?:es)?(?:\\s+notifications?)?|(?:in-app\\s+|app\\s+)?notifications?|sends?|whatsapps?(?:\\s+messages?)?|touch(?:es|points?)|communications?|comms)';
const PERIOD_UNITS = '(?:minutes?|hours?|days?|weeks?|fortnights?|months?|24 hours|48 hours)';
// "<cue> [words] N [message words] per|a|every|in any|within|over [a|any|one] <period>"
const CAP_RE = new RegExp(
  `\\b${CAP_CUE}\\b([^.;]{0,50}?)\\b(${NUMBER_PATTERN})\\s+(${MESSAGE_WORDS})?\\s*(?:per|a|an|each|every|in\\s+(?:a|any|one|each)|within\\s+(?:a|any|one)?|over\\s+(?:a|any)?|in)\\s+((?:(?:${NUMBER_PATTERN})\\s+)?${PERIOD_UNITS}|\\d+\\s*[hd])\\b`,
  'i',
);

function capChannel(words: string): CapChannel {
  if (/whatsapp/i.test(words)) return 'whatsapp';
  if (/\bsms|\btexts?\b/i.test(words)) return 'sms';
  if (/push|notification/i.test(words)) return 'push';
  if (/e-?mails?|\bmails?\b|newsletter/i.test(words)) return 'email';
  return 'any';
}

function capWindow(period: string): string | undefined {
  const text = period.trim();
  return findDuration(
    /^\d|^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b/i.test(text) ? text : `1 ${text}`,
  );
}

/** "never email a donor more than once a week": the verb is the channel, the count an adverb. */
const TIMES_RE = new RegExp(
  `(?:\\b(?:please|we|and|but)\\s+)*\\b(?:never|don't|do not|not|no need to|avoid)\\s+(?:(?:send|message|contact|e-?mail|text|sms|push|whatsapp|ping|notify|reach out to)\\s+)(?:[a-z'-]+\\s+){0,3}?(?:more (?:often )?than|over)\\s+(once|twice|(?:${NUMBER_PATTERN})\\s+times)\\s+(?:per|a|an|each|every|in\\s+(?:a|any|one))\\s+((?:(?:${NUMBER_PATTERN})\\s+)?${PERIOD_UNITS})\\b`,
  'i',
);
/** "2 messages a week maximum", "one push per day, tops": the limit word after the count. */
const TRAILING_CAP_RE = new RegExp(
  `\\b(${NUMBER_PATTERN})\\s+(${MESSAGE_WORDS})\\s+(?:per|a|an|each|every|in\\s+(?:a|any|one))\\s+((?:(?:${NUMBER_PATTERN})\\s+)?${PERIOD_UNITS})\\s*,?\\s+(?:max(?:imum)?|at most|tops|at the most)\\b`,
  'i',
);
/** Who the cap applies to, said after it ("per customer"): it goes with the cap. */
const PER_PERSON =
  /^\s*(?:per|for each|for every|to each|to any|each)\s+(?:customer|person|user|member|contact|recipient|subscriber|donor|player|patient|student|guest|one)\b/i;

export function findCap(sentence: string): { cap: CapSpec; rest: string } | undefined {
  const found = findCapWords(sentence);
  if (found === undefined) return undefined;
  const person = PER_PERSON.exec(sentence.slice(found.start + found.length));
  const length = found.length + (person?.[0].length ?? 0);
  return { cap: found.cap, rest: removeSpan(sentence, found.start, length) };
}

function findCapWords(sentence: string): { cap: CapSpec; start: number; length: number } | undefined {
  const times = TIMES_RE.exec(sentence);
  if (times !== null) {
    const [whole, count, period] = times;
    const limit = /^once$/i.test(count)
      ? 1
      : /^twice$/i.test(count)
        ? 2
        : readNumber(count.replace(/\s+times$/i, ''));
    const window = capWindow(period);
    const verb = /(?:never|don't|do not|not|no need to|avoid)\s+(\S+)/i.exec(whole)?.[1] ?? '';
    if (limit !== undefined && Number.isInteger(limit) && limit >= 1 && window !== undefined) {
      const channel = /^(?:push|sms|text|e-?mail|whatsapp)$/i.test(verb)
        ? capChannel(verb === 'push' ? 'push' : verb)
        : 'any';
      return { cap: { channel, limit, window }, start: times.index, length: whole.length };
    }
  }
  const trailing = TRAILING_CAP_RE.exec(sentence);
  if (trailing !== null) {
    const [whole, amount, messageWords, period] = trailing;
    const limit = readNumber(amount);
    const window = capWindow(period);
    if (limit !== undefined && Number.isInteger(limit) && limit >= 1 && window !== undefined) {
      const lead =
        /(?:\b(?:please\s+)?(?:we\s+)?(?:keep it to|keep it at|stick to|(?:only\s+)?send)\s+)$/i.exec(
          sentence.slice(0, trailing.index),
        );
      const start = lead === null ? trailing.index : lead.index;
      const cap: CapSpec = { channel: capChannel(messageWords), limit, window };
      return { cap, start, length: trailing.index + whole.length - start };
    }
  }
  const match = CAP_RE.exec(sentence);
  if (match === null) return undefined;
  const [whole, between, amount, messageWords = '', period] = match;
  const limit = readNumber(amount);
  if (limit === undefined || !Number.isInteger(limit) || limit < 1) return undefined;
  // "up to"/"only" are caps only with a message word ("up to 3 days" is a wait).
  if (/^(?:up to|only)\b/i.test(whole) && messageWords.trim() === '') return undefined;
  // "Cap emails at 5 per month", "limit SMS to 1 a week": the channel may come before the number.
  const betweenChannel = capChannel(between);
  const channel = messageWords.trim() !== '' ? capChannel(messageWords) : betweenChannel;
  if (
    messageWords.trim() === '' &&
    betweenChannel === 'any' &&
    !/\b(?:it|them|sends?|messages?|to|at|of)\b/i.test(between)
  ) {
    return undefined;
  }
  const window = capWindow(period);
  if (window === undefined) return undefined;
  // Where the sentence says "never send ..." / "don't send ...", the whole phrase is the rule.
  const lead =
    /(?:\b(?:please\s+)?(?:never|don't|do not|we never|we don't|keep it to)\s+(?:send\s+)?(?:anyone|anybody|customers?|people|them|a customer)?\s*)$/i.exec(
      sentence.slice(0, match.index),
    );
  const start = lead === null ? match.index : lead.index;
  return { cap: { channel, limit, window }, start, length: match.index + whole.length - start };
}

// --- quiet hours ------------------------------------------------------------------------------

const TIME =
  '(?:\\d{1,2}(?::\\d{2})?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)|\\d{1,2}:\\d{2}|\\d{1,2}h\\d{0,2}|noon|midday|midnight)';

/** "9am" -> "09:00", "9:30 pm" -> "21:30", "21:00", "noon"; undefined when not a time of day. */
export function timeOfDay(text: string): string | undefined {
  const word = text.trim().toLowerCase().replace(/\./g, '');
  if (word === 'noon' || word === 'midday') return '12:00';
  if (word === 'midnight') return '00:00';
  const match = /^(\d{1,2})(?:[:h](\d{2}))?\s*(am|pm)?$/.exec(word);
  if (match === null) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (match[3] === 'pm' && hour < 12) hour += 12;
  if (match[3] === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const QUIET_NEGATION = "(?:never|not|no|nothing|don't|do not|without)\\b[^.;]{0,40}?";
const WINDOW_FORMS: [RegExp, 'allowed' | 'quiet'][] = [
  // "no messages before 9am or after 9pm", "not before 8:00 or after 20:00"
  [
    new RegExp(
      `\\b${QUIET_NEGATION}\\bbefore\\s+(${TIME})\\s*(?:,|or|and|nor)?\\s*(?:after|later than)\\s+(${TIME})`,
      'i',
    ),
    'allowed',
  ],
  // "nothing after 7pm or before 8am": the same rule written end first.
  [
    new RegExp(
      `\\b${QUIET_NEGATION}\\b(?:after|later than)\\s+(${TIME})\\s*(?:,|or|and|nor)?\\s*before\\s+(${TIME})`,
      'i',
    ),
    'quiet',
  ],
  // "quiet hours from 10pm to 8am", "never between 10pm and 8am", "no texts 21:00-08:00"
  [
    new RegExp(
      `\\b(?:quiet hours?|do not disturb|dnd|${QUIET_NEGATION})[^.;]{0,20}?(?:between|from)?\\s*(${TIME})\\s*(?:and|to|until|till|-|–)\\s*(${TIME})`,
      'i',
    ),
    'quiet',
  ],
  // "only send between 8am and 8pm", "send window 9:00-20:00", "during 9am to 6pm"
  [
    new RegExp(
      `\\b(?:only|send(?:ing)? window|window|between|during|from)\\b[^.;]{0,30}?(${TIME})\\s*(?:and|to|until|till|-|–)\\s*(${TIME})`,
      'i',
    ),
    'allowed',
  ],
];

/** Quiet hours or a send window anywhere in the sentence, and the sentence without them. */
export function findSendWindow(
  sentence: string,
): { window: { start: string; end: string }; rest: string } | undefined {
  for (const [pattern, kind] of WINDOW_FORMS) {
    const match = pattern.exec(sentence);
    if (match === null) continue;
    const first = timeOfDay(match[1]);
    const second = timeOfDay(match[2]);
    if (first === undefined || second === undefined || first === second) continue;
    // A window to send in is start-end; quiet hours are the time outside it.
    const window = kind === 'allowed' ? { start: first, end: second } : { start: second, end: first };
    // "Respect quiet hours: no messages ...": the words that only introduce the rule go too.
    const lead =
      /(?:\b(?:respect|keep|observe|honou?r|use|with)\s+)?(?:quiet hours?|send(?:ing)? window)?\s*[:,-]?\s*(?:and\s+)?(?:only\s+)?(?:send(?:ing)?\s+)?$/i.exec(
        sentence.slice(0, match.index),
      );
    const start = lead === null ? match.index : lead.index;
    return { window, rest: removeSpan(sentence, start, match.index + match[0].length - start) };
  }
  return undefined;
}

// --- days to send on -------------------------------------------------------------------------------

const WEEK = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type SendDay = (typeof WEEK)[number];
const DAY =
  '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)s?\\b';
const DAYS = `(?:weekends?|weekdays|${DAY})(?:\\s*(?:,|or|and|nor|\\/|&)\\s*(?:weekends?|${DAY}))*`;
const DAY_FORMS: [RegExp, 'only' | 'never'][] = [
  // "don't send on weekends", "no messages on Saturday or Sunday", "never at the weekend"
  [
    new RegExp(
      `\\b(?:never|not|no|nothing|don't|do not|avoid)\\b[^.;,]{0,40}?\\b(?:on|at|over|during)\\s+(?:the\\s+)?(${DAYS})`,
      'i',
    ),
    'never',
  ],
  // "Monday to Friday only", "only send Monday through Friday", "weekdays only", "only on weekdays"
  [
    new RegExp(
      `\\b(?:only\\s+(?:send(?:ing)?\\s+|message\\s+them\\s+)?(?:on\\s+)?)?((?:${DAY})\\s*(?:-|–|to|through|thru|till|until)\\s*(?:${DAY})|weekdays|business days|working days)(?:\\s+only)?`,
      'i',
    ),
    'only',
  ],
];

const DAY_RANGE = new RegExp(`^(${DAY})\\s*(?:-|–|to|through|thru|till|until)\\s*(${DAY})$`, 'i');
const ONE_DAY = new RegExp(`^${DAY}$`, 'i');

function daysOf(text: string): SendDay[] {
  const days = new Set<SendDay>();
  const range = DAY_RANGE.exec(text.trim());
  const dayIndex = (word: string) => WEEK.findIndex((day) => word.toLowerCase().startsWith(day));
  if (range !== null) {
    const [from, to] = [dayIndex(range[1]), dayIndex(range[2])];
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(WEEK[d]);
      if (d === to) break;
    }
    return WEEK.filter((day) => days.has(day));
  }
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (/^weekends?$/.test(word)) ['sat', 'sun'].forEach((day) => days.add(day as SendDay));
    else if (/^(?:weekdays|business|working)$/.test(word))
      ['mon', 'tue', 'wed', 'thu', 'fri'].forEach((day) => days.add(day as SendDay));
    else if (ONE_DAY.test(word)) days.add(WEEK[dayIndex(word)]);
  }
  return WEEK.filter((day) => days.has(day));
}

/**
 * The days messages may go out on: "don't send on weekends" (every day but those named), "Monday to
 * Friday only", "only on weekdays" (those named); the sentence without the rule.
 */
export function findSendDays(sentence: string): { days: SendDay[]; rest: string } | undefined {
  for (const [pattern, kind] of DAY_FORMS) {
    const match = pattern.exec(sentence);
    if (match === null) continue;
    // "weekdays" alone is a rule only with "only" beside it.
    if (
      kind === 'only' &&
      !/\bonly\b/i.test(match[0]) &&
      !/[-–]|\b(?:to|through|thru|till|until)\b/i.test(match[1])
    )
      continue;
    const named = daysOf(match[1]);
    const days = kind === 'only' ? named : WEEK.filter((day) => !named.includes(day));
    if (named.length === 0 || days.length === 0) continue;
    const lead = /(?:\b(?:please\s+)?(?:and\s+)?(?:only\s+)?(?:send(?:ing)?\s+)?)$/i.exec(
      sentence.slice(0, match.index),
    );
    const start = lead === null ? match.index : lead.index;
    return { days, rest: removeSpan(sentence, start, match.index + match[0].length - start) };
  }
  return undefined;
}

const UNSUBSCRIBE = /\b(?:unsubscrib(?:e|es|ed)|opt(?:s|ed)? out)\b/i;
/** "the journey", "this flow", "the sequence": the journey, however the brief names it. */
const JOURNEY =
  '(?:the|this|our)\\s+(?:journey|flow|sequence|series|campaign|workflow|programme|program|nurture)';
const STOP_WORDS = `(?:exit|stop(?: the journey| sending| messaging| contacting| emailing| texting| nudging| reminding)?|end the journey|leave the journey|remove them(?: from the journey)?|take them out|drop them|they (?:exit|leave)|exits?|(?:exits?|leaves?|stops?|ends?|drops? out of) ${JOURNEY}|${JOURNEY} (?:ends|stops|finishes|is over))`;

const STOP_FIRST = new RegExp(
  `(?:^|\\b)${STOP_WORDS}\\s*:?\\s+(?:the journey\\s+)?(?:them\\s+)?(?:(?:straight away|immediately|right away|at once)\\s+)?(?:for\\s+)?(?:as soon as|once|when|if|whenever|the moment|on|(?:anyone|anybody|everyone|people|customers|users|those|contacts|members|players|patients|subscribers) (?:who|that))\\s+(.+)$`,
  'i',
);
/**
 * "Anyone who unsubscribes leaves the journey", "Whoever orders again exits straight away",
 * "Unsubscribers leave the journey immediately": the people who leave, named first.
 */
const STOP_SUBJECT = new RegExp(
  `^(?:and\\s+)?(?:(?:anyone|anybody|everyone|people|customers|users|those|contacts|members|players|patients|subscribers|[a-z]+s)\\s+(?:who|that)|whoever)\\s+(.+?)\\s+(?:exits?|leaves?|drops? out|(?:is|are) removed|(?:is|are) taken out)(?:\\s+(?:of\\s+|from\\s+)?${JOURNEY})?(?:\\s+(?:straight away|immediately|right away|at once|too))?$|^(?:and\\s+)?([a-z-]{3,}?)(?:ers|ors)\\s+(?:exit|leave|drop out|are removed)(?:\\s+(?:of\\s+|from\\s+)?${JOURNEY})?(?:\\s+(?:straight away|immediately|right away|at once|too))?$`,
  'i',
);
const STOP_LAST = new RegExp(
  `^(?:as soon as|once|when|if|whenever|the moment)\\s+(.+?),?\\s+(?:they should\\s+|we\\s+)?${STOP_WORDS}\\b.*$`,
  'i',
);
const STOP_WORD = new RegExp(`\\b${STOP_WORDS}\\b`, 'i');

/** "exit if they unsubscribe", "stop when they purchase", "the goal is a purchase". */
export function findGoalOrExit(sentence: string, plan: JourneyPlan): string | undefined {
  const goal =
    /\b(?:the\s+)?(?:goal|conversion|objective|success)(?:\s+(?:event|metrics?|criteri(?:on|a)|measure|kpi))?\s*(?:is|=|:|means)\s*(?:to\s+)?(?:get them to\s+|have them\s+|for them to\s+|when they\s+)?([^;]+)/i.exec(
      sentence,
    );
  if (goal !== null) {
    const event = goalEvent(goal[1], plan);
    if (event !== undefined) {
      const exitOnGoal = STOP_WORD.test(goal[1]) || /\bthen (?:exit|stop|end)\b/i.test(sentence);
      plan.goal = { event, exitOnGoal: exitOnGoal || plan.goal?.exitOnGoal === true };
      return removeSpan(sentence, goal.index, goal[0].length);
    }
  }
  // "keep nudging them until they make their first purchase": the goal, and they leave on it.
  const until =
    /(?:\b(?:keep|continue)\s+\w+(?:ing)?\s+(?:them|customers|people|users|the customer)\s+)?\b(?:until|till|up until)\s+(?:they|the customer|customers|users?|he|she|someone)\s+([^,:;]+)/i.exec(
      sentence,
    );
  if (until !== null && !/\b(?:wait|pause|hold|delay)\b[^,;]*$/i.test(sentence.slice(0, until.index))) {
    const event = goalEvent(until[1], plan);
    if (event !== undefined && (plan.goal === undefined || plan.goal.event === event)) {
      plan.goal = { event, exitOnGoal: true };
      return removeSpan(sentence, until.index, until[0].length);
    }
  }
  const stopFirst = STOP_FIRST.exec(sentence);
  const stopLast = STOP_LAST.exec(sentence);
  const stopSubject = STOP_SUBJECT.exec(sentence);
  const stop = stopFirst ?? stopLast ?? stopSubject;
  if (stop === null) return undefined;
  // "Unsubscribers": the act of the people named ("unsubscrib-ers" -> "they unsubscribe").
  const condition = stop[1] ?? (UNSUBSCRIBE.test(`${stop[2]}e`) ? `they ${stop[2]}e` : `they ${stop[2]}`);
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

/** Every event the plan names so far: the entry's and those waited for. */
function eventsOf(plan: JourneyPlan): string[] {
  const events: string[] = plan.entry.kind === 'event' ? [plan.entry.event] : [];
  const visit = (steps: Step[]): void => {
    for (const step of steps) {
      if (step.kind === 'wait_event') {
        events.push(step.event);
        visit(step.onEvent);
        visit(step.onTimeout);
      } else if (step.kind === 'condition') {
        visit(step.then);
        visit(step.otherwise);
      } else if (step.kind === 'split') step.variants.forEach((variant) => visit(variant.steps));
      else if (step.kind === 'parallel') step.branches.forEach((branch) => visit(branch.steps));
    }
  };
  visit(plan.steps);
  return events;
}

/**
 * The event a goal names: a clause ("they make a purchase", "invite a teammate": the customer is
 * its subject), or a noun naming an event the brief already named ("a first deposit" after "made
 * a deposit").
 */
function goalEvent(text: string, plan: JourneyPlan): string | undefined {
  // "their first sale", "a signed contract": a noun phrase is read as one, not as a clause.
  const nounPhrase = /^(?:their|a|an|the|his|her)\s+(?:(?:first|next|initial|new)\s+)?([a-z-]+)$/i.exec(
    text.replace(/[.!,;]+$/, '').trim(),
  );
  if (nounPhrase !== null) {
    const known =
      headingEventOf(text) ??
      verbsOfNoun(nounPhrase[1].toLowerCase())
        .map((verb) => eventOf(`they ${verb}`))
        .find((event) => event !== undefined) ??
      eventsOf(plan).find((event) => event.split('_')[0] === nounPhrase[1].toLowerCase());
    // "their first sale" -> they made a sale (sale_made), as "right after their first donation".
    return known ?? eventOf(`they made ${text.replace(/^(?:their|his|her)\b/i, 'a')}`);
  }
  const event = eventOf(text) ?? eventOf(`they ${text}`);
  if (event !== undefined) return event;
  const noun = /([a-z]+)\s*$/i.exec(text.replace(/[.!,;]+$/, '').trim())?.[1]?.toLowerCase();
  if (noun === undefined) return undefined;
  // "a paid subscription", "a first payment": the noun of a verb the vocabulary knows.
  for (const verb of verbsOfNoun(noun)) {
    const known = eventOf(`they ${verb}`);
    if (known !== undefined) return known;
  }
  return eventsOf(plan).find(
    (known) => known.split('_')[0] === noun || known.split('_')[0] === noun.replace(/s$/, ''),
  );
}

/** The verbs a noun may be made from: subscription -> subscribe, payment -> pay, renewal -> renew. */
function verbsOfNoun(noun: string): string[] {
  const forms: [RegExp, string][] = [
    [/ption$/, 'be'],
    [/ment$/, ''],
    [/al$/, ''],
    [/ation$/, 'ate'],
    [/ation$/, ''],
    [/ion$/, 'e'],
    [/ion$/, ''],
  ];
  return forms.filter(([ending]) => ending.test(noun)).map(([ending, base]) => noun.replace(ending, base));
}

function removeSpan(sentence: string, index: number, length: number): string {
  return `${sentence.slice(0, index)} ${sentence.slice(index + length)}`
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .replace(/\b(?:and|but|also)$/i, '')
    .trim();
}
