/**
 * One clause of a sequence ("send a welcome email", "wait 3 days", "tag them as vip", "wait up
 * to 2 days for a purchase, whichever comes first") to steps.
 */
import { durationMs, findDuration, findDurations, isoFromMs } from '../language/durations';
import { CHANNEL_LABEL, eventOf, findChannel, type Channel } from '../language/lexicon';
import { camelName as camel, slug, splitClauses } from '../language/sentences';
import { peelDateAnchor, type DateMemory } from './date-anchor';
import type { Step } from './journey-plan';

export interface ActionContext extends DateMemory {
  /** The channel of the last send, so "if they open it" means the right message. */
  lastChannel?: Channel;
  /** The last message sent, so "resend it" repeats it. */
  lastSend?: Extract<Step, { kind: 'send' }>;
  /** Time since entry on the main path before the clause being read ("10 days after the order"). */
  elapsedMs?: number;
  notes: string[];
}

const LEADING_FILLER =
  /^(?:(?:and|also|then|finally|next|please|we(?:'ll| will| should)?|i want to|let's|you should|should|will|immediately|right away|first(?: of all)?|,)\s+)+/i;

const TOPIC_STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'them',
  'they',
  'their',
  'our',
  'another',
  'second',
  'third',
  'first',
  'final',
  'last',
  'one',
  'two',
  'some',
  'send',
  'sends',
  'get',
  'gets',
  'receive',
  'receives',
  'with',
  'to',
  'of',
  'and',
  'it',
  'message',
  'messages',
  'notification',
  'short',
  'quick',
  'new',
  'us',
  'customer',
  'customers',
  'immediately',
  'version',
  'variant',
  'b',
  'then',
  'also',
  'right',
  'away',
  'instantly',
  'straight',
  'personalised',
  'personalized',
  'for',
  'about',
  'that',
  'this',
  'is',
  'are',
  'then',
  'after',
  'before',
  'them',
]);

const MEANS: Record<string, string> = {
  tagging: 'tag',
  emailing: 'email',
  texting: 'text',
  notifying: 'notify',
  calling: 'call',
  posting: 'post',
  sending: 'send',
  adding: 'add',
  messaging: 'message',
};

/** Steps of one clause, or undefined when the clause is not an action the designer knows. */
export function parseAction(rawClause: string, context: ActionContext): Step[] | undefined {
  const clause = rawClause
    .trim()
    // "post them to the CRM so an agent calls them": the purpose is no step of ours.
    .replace(/\s+so(?: that)?\s+(?:a|an|the|they|we|our|someone|he|she)\b.*$/i, '')
    // "hand them over to an SDR by tagging them sdr_followup": the means is the step.
    .replace(
      /^.*?\bby\s+(tagging|emailing|texting|notifying|calling|posting|sending|adding|messaging)\b/i,
      (_whole, verb: string) => MEANS[verb.toLowerCase()] ?? verb,
    )
    .replace(LEADING_FILLER, '')
    .replace(/[.,;:!]+$/, '')
    .replace(/\s+(?:at the end|at the very end|as well|too|finally)$/i, '')
    .trim();
  if (clause === '') return [];
  if (/^(?:do nothing|nothing|no action|skip)$/i.test(clause)) return [];
  // "If they click it, great, tag them": an interjection is no step.
  if (/^(?:great|perfect|fine|good|nice|awesome|ok|okay|cool|sure|fantastic)!?$/i.test(clause)) return [];

  // "2 days before their appointment date, send X", "send X on the refill date itself".
  const dated = peelDateAnchor(clause, context);
  if (dated !== undefined) {
    // "wait until 3 days before their renewal date": the wait is the date's own.
    const action = dated.rest.replace(/^(?:wait|hold(?: them)?|pause)\s+(?:until|till)$/i, '');
    const rest = action === '' ? [] : parseAction(action, context);
    if (rest !== undefined) return [dated.step, ...rest];
  }
  // "3 days later, send X", "send X after a fortnight", "an SMS 24 hours later", "after 2 hours".
  const timed = peelDelay(clause);
  if (timed !== undefined) {
    // "email at 1h, SMS at 24h", "10 days after the order": counted from entry, so the wait is
    // what is left after the waits before it.
    const ms = timed.fromStart
      ? durationMs(timed.duration) - (context.elapsedMs ?? 0)
      : durationMs(timed.duration);
    const wait: Step[] =
      ms > 0 ? [{ kind: 'wait', duration: timed.fromStart ? isoFromMs(ms) : timed.duration }] : [];
    const rest = timed.rest === '' ? [] : parseAction(timed.rest, context);
    if (rest !== undefined) return [...wait, ...rest];
  }
  const waitStep = parseWait(clause, context);
  if (waitStep !== undefined) return [waitStep];

  if (
    /^(?:exit|end|stop|finish|leave|remove them from the journey|take them out|end (?:the|their) journey|exit (?:the )?journey|they (?:leave|exit)|that's it|done)\b/i.test(
      clause,
    )
  ) {
    return [{ kind: 'exit' }];
  }
  if (
    /\b(?:count (?:it|this) as a conversion|mark (?:the )?goal as reached|goal (?:is )?reached|record a conversion)\b/i.test(
      clause,
    )
  ) {
    return [{ kind: 'goal_reached' }];
  }

  const tag =
    /^(?:(add|remove|untag|drop)\s+(?:the\s+)?(?:tag\s+)?|tag\s+(?:them|the customer|customers?)?\s*(?:as|with)?\s*)["'“]?([\w-]+)["'”]?(?:\s+tag)?(?:\s+(?:to|from)\s+(?:them|their profile|the customer))?$/i.exec(
      clause,
    );
  if (tag !== null && !findChannel(clause)) {
    const remove = /^(remove|untag|drop)/i.test(tag[1] ?? '');
    return [{ kind: 'tag', add: !remove, tag: slug(tag[2]) || 'tagged' }];
  }

  const update =
    /^(?:set|update|mark)\s+(?:their\s+|the\s+)?(?:profile\s+)?(?:them\s+)?(?:as\s+)?([a-z][\w ]{0,30}?)(?:\s+(?:to|=|as)\s+(.+))?$/i.exec(
      clause,
    );
  if (update !== null && !findChannel(clause)) {
    return [{ kind: 'update', set: { [camel(update[1])]: literalValue(update[2]) } }];
  }

  // "resend it with a new subject line", "send it again": the last message once more.
  const again =
    /^(?:re-?send\s+(?:it|that|the (?:same )?(?:one|message|email|e-mail|sms|text|push))|send\s+(?:it|that|the same (?:one|message|email|e-mail|sms|text|push))\s+again)\b/i.exec(
      clause,
    );
  if (again !== null && context.lastSend !== undefined) {
    const last = context.lastSend;
    return [{ kind: 'send', channel: last.channel, topic: `${last.topic} again`.trim() }];
  }

  return parseSend(clause, context);
}

const DELAY_BEFORE =
  /^\s*(?:after|in|at|within|wait(?:\s+for)?|then(?:\s+wait)?|pause(?:\s+for)?|hold(?:\s+for)?|give it)?\s*$/i;
const DELAY_AFTER =
  /^\s*(?:later|after that|afterwards|after (?:signup|sign-up|sign up|that|they \w+|the \w+(?: \w+)?)|after|on|pass(?:es)?|go(?:es)? by|have passed)?\s*[,:]?\s*(?:then\s+)?(.*)$/i;
const TRAILING_BEFORE = /\s+(?:after|in|at|wait)\s*$/i;
/** "at 24h", "3 days after the order", "a week after signup": counted from the trigger. */
const FROM_START_BEFORE = /(?:^|\s)at\s*$/i;
const FROM_START_AFTER =
  /^\s*after\s+(?:(?:the|their)\s+(?:first\s+)?(?:order|purchase|signup|sign-up|sign up|registration|booking|trigger|entry|enrol?ment|enrollment|install|download|start|appointment|visit|stay|event)\b|(?:signup|sign-up|sign up|joining|registering|enrol?ling)\b|they\s+(?:signed up|joined|registered|ordered|bought|enrolled|enroled|installed|booked)\b)/i;
const TRAILING_AFTER = /^\s*(?:later|after that|afterwards|after (?:that|signup|sign-up)|on)?\s*$/i;

/**
 * A delay written before or after the action of a clause: "2 days later, send X", "after a
 * fortnight send X", "send X 24 hours later", "send X after 3 days"; or a delay alone.
 */
export function peelDelay(
  clause: string,
): { duration: string; rest: string; fromStart?: boolean } | undefined {
  for (const found of findDurations(clause)) {
    const before = clause.slice(0, found.index);
    const after = clause.slice(found.index + found.length);
    const fromStart = FROM_START_BEFORE.test(before) || FROM_START_AFTER.test(after);
    const peeled = peelAt(clause, found, before, after);
    if (peeled !== undefined) return fromStart ? { ...peeled, fromStart } : peeled;
  }
  return undefined;
}

function peelAt(
  clause: string,
  found: { iso: string; index: number; length: number },
  before: string,
  after: string,
): { duration: string; rest: string } | undefined {
  {
    if (DELAY_BEFORE.test(before)) {
      const rest = DELAY_AFTER.exec(after)?.[1];
      if (rest !== undefined) return { duration: found.iso, rest: rest.trim() };
    }
    const trailing = TRAILING_BEFORE.exec(before);
    if (
      TRAILING_AFTER.test(after) &&
      (trailing !== null || /^\s*(?:later|after that|afterwards)/i.test(after))
    ) {
      const rest = (trailing === null ? before : before.slice(0, trailing.index)).trim();
      if (rest !== '' && !/^(?:wait|pause|hold|delay)\b/i.test(rest)) return { duration: found.iso, rest };
    }
    // "a push the next day with their first workout", "an SMS two days later reminding them":
    // a delay that says when (not a length inside a name: "a 24-hour sale email") in a message.
    const phrase = clause.slice(found.index, found.index + found.length);
    const later = /^\s*(?:later|after that|afterwards)\b/i.exec(after);
    if (
      (/^(?:the next day|the following day|next day|tomorrow|the day after|overnight)$/i.test(phrase) ||
        later !== null) &&
      findChannel(before) !== undefined &&
      !/^(?:wait|pause|hold|delay)\b/i.test(before.trim())
    ) {
      const rest = `${before.trim()} ${after.slice(later?.[0].length ?? 0).trim()}`.trim();
      return { duration: found.iso, rest };
    }
  }
  return undefined;
}

function parseWait(clause: string, context: ActionContext): Step | undefined {
  if (!/^(?:wait|pause|hold|delay|give (?:them|people|customers|it|everyone)|let them)\b/i.test(clause))
    return undefined;
  const duration = findDuration(clause);
  const untilEvent = /\b(?:until|for|till)\s+(?:they|them|the customer|a|an|their)?\s*(?:to\s+)?(.+)$/i.exec(
    clause,
  );
  if (untilEvent !== null) {
    const target = untilEvent[1].replace(
      /\b(?:or|,)?\s*(?:for\s+)?(?:up to|at most|max(?:imum)?)?\s*\S+\s+(?:minutes?|hours?|days?|weeks?)\b.*$/i,
      '',
    );
    // "their check-in date", "the day of their arrival date", "the webinar date": a date attribute.
    const attribute =
      /^(?:the\s+(?:day|morning|evening)\s+of\s+)?(?:their|the|his|her|the customer's|each customer's)?\s*([a-z][\w -]*?)\s+(?:date(?:[- ]?time)?|day)\b/i.exec(
        target,
      );
    // "until 2 days before their renewal date": the date, with its offset.
    const dated = peelDateAnchor(target, context);
    if (dated !== undefined && dated.rest === '') return dated.step;
    if (attribute !== null && !/\b(?:open|click|buy|purchase)/i.test(target)) {
      context.lastDateAttribute = `${camel(attribute[1])}Date`;
      context.lastDateOffset = undefined;
      return { kind: 'wait_until', attribute: context.lastDateAttribute };
    }
    const event = /^\S+\s+(?:minutes?|hours?|days?|weeks?)\b/i.test(untilEvent[1])
      ? undefined
      : (eventOf(target, context.lastChannel) ?? eventOf(`they ${target}`, context.lastChannel));
    if (event !== undefined) {
      return {
        kind: 'wait_event',
        event,
        ...(duration !== undefined ? { timeout: duration } : {}),
        onEvent: [],
        onTimeout: [],
      };
    }
  }
  if (duration !== undefined) return { kind: 'wait', duration };
  return undefined;
}

const AFTER_STOP =
  /^(?:to|after|before|in|on|at|if|when|saying|that|which|within|every|per|as|and|or|the|a|an|them|it|immediately|later|right|asking|inviting|telling|with|from|for|then|again|too|instead|only|version|variant|their|our|also)$/i;

const SEND_VERB =
  /\b(?:send|sends|email|e-mail|text|sms|notify|message|push|remind|ping|follow(?:s)? up|get|gets|receive|receives|deliver|trigger|whatsapp|give|offer|call|post|hit|alert|ask|invite|thank|nudge|prompt|encourage|tell|contact|reach out|fall(?:s)? back|switch(?:es)? to|escalate|try)\b/i;

function parseSend(clause: string, context: ActionContext): Step[] | undefined {
  const found = findChannel(clause);
  const url = /\bhttps?:\/\/[^\s"'<>]+/i.exec(clause)?.[0];
  // "send a review request": a message without a channel is an email, the usual default.
  const defaultEmail =
    found === undefined &&
    url === undefined &&
    /^(?:send|resend)\s+(?:them\s+)?(?:an?|the|our)\s+/i.test(clause);
  if (found === undefined && url === undefined && !defaultEmail) return undefined;
  const channel: Channel = found?.channel ?? (defaultEmail ? 'email' : 'webhook');
  // "have our CRM create a task": a named system in an action clause is a call to it, whatever the verb.
  if (
    channel !== 'webhook' &&
    !SEND_VERB.test(clause) &&
    !/^(?:an?|the|our|one|another)?\s*(?:[\w%'-]+\s+){0,4}(?:e-?mail|sms|text|push|whatsapp|newsletter|(?:in-app )?notification)/i.test(
      clause,
    )
  ) {
    return undefined;
  }
  const quoted = /["“]([^"”]{2,300})["”]/.exec(clause)?.[1];
  const step: Step = { kind: 'send', channel, topic: topicOf(clause, found?.index, found?.word) };
  if (quoted !== undefined) step.text = quoted;
  if (channel === 'webhook') {
    if (url !== undefined) step.url = url.replace(/[.,;)]+$/, '');
    else
      context.notes.push(
        'The webhook calls https://example.com/hooks/kalcifer: replace it with your endpoint.',
      );
  }
  context.lastChannel = channel;
  context.lastSend = step;
  return [step];
}

function topicOf(clause: string, channelIndex: number | undefined, channelWord: string | undefined): string {
  const withoutQuote = clause.replace(/["“][^"”]*["”]/g, ' ').replace(/\bhttps?:\/\/\S+/g, ' ');
  const index = channelIndex ?? withoutQuote.length;
  const before = withoutQuote
    .slice(0, Math.min(index, withoutQuote.length))
    .replace(SEND_VERB, ' ')
    .split(/\s+/);
  const afterText = channelWord === undefined ? '' : withoutQuote.slice(index + channelWord.length);
  const introduced =
    /^\s*(?:with|about|offering|containing|reminding them (?:of|about)|for|announcing)\s+(.+)$/i.exec(
      afterText,
    )?.[1];
  // "an SMS reminder", "a push notification about the sale": nouns right after the channel word.
  const following = introduced ?? /^\s*((?:[a-z-]+\s*){1,2})/i.exec(afterText)?.[1] ?? '';
  const after = following
    .split(/\s+/)
    .filter((word, i, all) => !AFTER_STOP.test(word) && all.slice(0, i).every((w) => !AFTER_STOP.test(w)));
  const words = [...before, ...(introduced !== undefined ? introduced.split(/\s+/).slice(0, 4) : after)]
    .map((word) => word.toLowerCase().replace(/[^a-z0-9-]/g, ''))
    .filter((word) => word !== '' && !/^\d+$/.test(word) && !TOPIC_STOPWORDS.has(word) && !findChannel(word));
  return words.slice(0, 3).join(' ');
}

export function channelTopicLabel(channel: Channel, topic: string): string {
  return topic === '' ? CHANNEL_LABEL[channel] : `${topic} ${CHANNEL_LABEL[channel]}`;
}

/** Steps of a comma/then-separated sequence; undefined when any clause is not understood. */
export function parseActions(text: string, context: ActionContext): Step[] | undefined {
  const steps: Step[] = [];
  for (const clause of splitClauses(text)) {
    const parsed = parseAction(clause, context);
    if (parsed === undefined) return undefined;
    steps.push(...parsed);
    context.elapsedMs = (context.elapsedMs ?? 0) + elapsedMsOf(parsed);
  }
  return steps;
}

/** How long a customer has been held by these steps (on the longest path of a wait for an event). */
export function elapsedMsOf(steps: Step[]): number {
  let ms = 0;
  for (const step of steps) {
    if (step.kind === 'wait') ms += durationMs(step.duration);
    else if (step.kind === 'wait_event' && step.timeout !== undefined) ms += durationMs(step.timeout);
  }
  return ms;
}

function literalValue(value: string | undefined): string | number | boolean {
  if (value === undefined) return true;
  const text = value.trim().replace(/^["'“]|["'”]$/g, '');
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^(true|yes)$/i.test(text)) return true;
  if (/^(false|no)$/i.test(text)) return false;
  return text;
}
