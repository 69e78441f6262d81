/**
 * The words of journey language: channels and the customer events marketers name in prose,
 * each mapped to the channel kind or the event name the engine uses.
 */

import { deriveClause } from './derived-events';

export type Channel = 'email' | 'sms' | 'push' | 'whatsapp' | 'webhook';

const CHANNEL_WORDS: [RegExp, Channel][] = [
  [/\b(whats\s?app|wa message)\b/i, 'whatsapp'],
  [
    /\b(push(?:es)?|push notifications?|(?:in-app|app|mobile) (?:notifications?|messages?|alerts?)|notifications?)\b/i,
    'push',
  ],
  [/\b(sms(?:es)?|texts?(?: messages?)?|text message|mms)\b/i, 'sms'],
  [/\b(e-?mails?|newsletters?|mails?|mailers?|e-?blasts?|e-?shots?|mailings?)\b/i, 'email'],
  [
    /\b(webhooks?|https?:\/\/\S+|our (?:[\w-]+ )?(?:crm|backend|api|system|endpoint|server|service|platform)|the (?:crm|backend|api)|(?:salesforce|hubspot|zapier|slack))\b/i,
    'webhook',
  ],
];

/** The first channel named in the text and where, or undefined. */
export function findChannel(text: string): { channel: Channel; index: number; word: string } | undefined {
  let best: { channel: Channel; index: number; word: string } | undefined;
  for (const [pattern, channel] of CHANNEL_WORDS) {
    const match = pattern.exec(text);
    if (match !== null && (best === undefined || match.index < best.index)) {
      best = { channel, index: match.index, word: match[0] };
    }
  }
  return best;
}

const CHANNEL_WORDS_GLOBAL = CHANNEL_WORDS.map(
  ([pattern, channel]) => [new RegExp(pattern.source, 'gi'), channel] as const,
);

/** Every channel named in the text, in order of appearance. */
export function findChannels(text: string): { channel: Channel; index: number; word: string }[] {
  const found: { channel: Channel; index: number; word: string }[] = [];
  for (const [global, channel] of CHANNEL_WORDS_GLOBAL) {
    for (const match of text.matchAll(global)) {
      const overlaps = found.some(
        (other) =>
          match.index < other.index + other.word.length && other.index < match.index + match[0].length,
      );
      if (!overlaps) found.push({ channel, index: match.index, word: match[0] });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export const CHANNEL_LABEL: Record<Channel, string> = {
  email: 'email',
  sms: 'SMS',
  push: 'push notification',
  whatsapp: 'WhatsApp message',
  webhook: 'webhook call',
};

/** [pattern over the verb phrase, event name]; the first match wins, so specific phrases go first. */
const EVENT_WORDS: [RegExp, string][] = [
  [
    /\b(abandon(?:s|ed|ing)?|leaves?|left)\b.*\b(?:cart|checkout|basket)|\b(?:cart|checkout|basket) (?:is )?abandon/i,
    'cart_abandoned',
  ],
  [/\badd(?:s|ed|ing)?\b.*\bto (?:the |their )?cart\b/i, 'added_to_cart'],
  [
    /\b(?:register(?:s|ed)?|sign(?:s|ed)? up) for (?:the |a |our )?webinar|\bwebinar (?:registration|sign-?up)/i,
    'webinar_registered',
  ],
  [/\b(?:attend(?:s|ed)?|join(?:s|ed)?) (?:the |a |our )?webinar/i, 'webinar_attended'],
  [
    /\bupdat(?:e|es|ed|ing) (?:it|their (?:card|payment|billing)|the (?:card|payment)|payment)/i,
    'payment_updated',
  ],
  [
    /\b(sign(?:s|ed|ing)?[- ]?ups?|register(?:s|ed)?|registration|creat(?:e|es|ed|ing) an account|join(?:s|ed)?)\b/i,
    'signed_up',
  ],
  [
    /\b(start(?:s|ed)?|begin(?:s)?|began) (?:a |their |the |a free )?trial|\btrial (?:starts?|started|begins?|began|kicks off|is started)/i,
    'trial_started',
  ],
  [/\btrial (?:ends?|ended|expir)/i, 'trial_ended'],
  [/\b(open(?:s|ed|ing)?|read(?:s)?) (?:the |our |it|that|this|an? )?(?:push|notification)/i, 'push_opened'],
  [/\b(open(?:s|ed|ing)?|read(?:s)?)\b/i, 'email_opened'],
  [/\b(click(?:s|ed|ing)?|tap(?:s|ped)?)\b/i, 'email_clicked'],
  [/\b(repl(?:y|ies|ied))\b/i, 'message_replied'],
  [/\bpayment (?:fail|is declined|declined)|fail(?:s|ed)? (?:to pay|payment)/i, 'payment_failed'],
  [
    /\bcomplet(?:e|es|ed|ing) (?:the |their )?onboarding|onboarding (?:is )?complete/i,
    'onboarding_completed',
  ],
  [/\b(upgrad(?:e|es|ed|ing))\b/i, 'plan_upgraded'],
  [/\b(cancel(?:s|led|ed|lations?)?|churn(?:s|ed)?)\b/i, 'subscription_cancelled'],
  [/\b(renew(?:s|ed|als?)?)\b/i, 'subscription_renewed'],
  [/\b(subscrib(?:e|es|ed))\b|\bsubscription (?:starts|started)/i, 'subscribed'],
  [
    /\b(purchas(?:e|es|ed|ing)|buy(?:s|ing)?|bought|order(?:s|ed)?|place(?:s|d)? an order|check(?:s|ed)? ?out|convert(?:s|ed)?|conversions?)\b/i,
    'purchase_completed',
  ],
  [/\b(book(?:s|ed|ings?)?|reserv(?:e|es|ed|ations?))\b/i, 'booking_made'],
  [
    /\b(download(?:s|ed)?) (?:the |our )?(?:mobile )?app\b|\binstall(?:s|ed|ing)?\b|\bapp (?:is |gets |was |has been )?(?:installed|downloaded)|\bapp (?:install|download)/i,
    'app_installed',
  ],
  [
    /\b(log(?:s|ged)?(?: back)? ?in|log-?ins?|sign(?:s|ed)?(?: back)? in|come(?:s)? back|return(?:s|ed)?|visit(?:s|ed)? again)\b/i,
    'logged_in',
  ],
  [/\b(view(?:s|ed)?|brows(?:e|es|ed)|look(?:s|ed)? at) (?:a |the )?product/i, 'product_viewed'],
  [/\b(review(?:s|ed)?|rate(?:s|d)?|leave(?:s)? a review)\b/i, 'review_submitted'],
  [/\b(download(?:s|ed)?)\b/i, 'content_downloaded'],
  [/\b(activat(?:e|es|ed|ion))\b/i, 'account_activated'],
  [/\b(refer(?:s|red)?)\b/i, 'friend_referred'],
  [/\b(birthday)\b/i, 'birthday'],
];

// "the 'trial_started' event", "event trial_started", "the calculator_completed event": an
// event named as the engine names it (an identifier with _ . or :) needs no quotes.
const QUOTED_EVENT =
  /["'`“‘]([a-z][a-z0-9_.:-]{1,60})["'`”’]\s*event|\bevent\s+["'`“‘]?([a-z][a-z0-9_.:-]{1,60})["'`”’]?|\b([a-z][a-z0-9]*(?:[_.:][a-z0-9]+)+)\s+event\b/i;

/** What a message is: the object of "open" and "click" when they mean the message just sent. */
const MESSAGE_OBJECT =
  /^(?:e_?mails?|mails?|messages?|newsletters?|sms|texts?|push|pushes|notifications?|links?|buttons?|ctas?|offers?|coupons?|codes?|reminders?|invites?|invitations?|surveys?|whatsapp|it|them|one|ones)$/;

/** Verbs saying a thing happened ("a registration comes in", "a booking is confirmed"), not a later stage of it. */
const OCCURRENCE =
  /^(?:comes?|came|arrives?|arrived|happens?|happened|occurs?|occurred|is|are|was|were|gets?|got)$/i;

/**
 * The engine event a phrase names ("makes a purchase" -> purchase_completed), or undefined. A
 * phrase outside the vocabulary is named from its words (see derived-events.ts); so is one whose
 * vocabulary word is only its subject ("an order ships") or the object of an open or a click that
 * is no message ("opens a savings account").
 */
export function eventOf(phrase: string, lastChannel?: Channel): string | undefined {
  const quoted = QUOTED_EVENT.exec(phrase);
  if (quoted !== null) return (quoted[1] ?? quoted[2] ?? quoted[3]).toLowerCase();
  const known = vocabularyEvent(phrase, lastChannel);
  const derived = deriveClause(phrase);
  if (known === undefined) {
    // A bare verb ("redeemed") names a weaker event than a verb with its object or thing.
    if (derived !== undefined && derived.event.includes('_')) return derived.event;
    // "reordered", "resubscribes": the same event again.
    const again = phrase.replace(/\bre-?(?=[a-z]{4,})/gi, '');
    const repeated = again === phrase ? undefined : vocabularyEvent(again, lastChannel)?.event;
    return repeated ?? derived?.event;
  }
  if (derived === undefined) return known.event;
  if (
    !derived.person &&
    !OCCURRENCE.test(derived.verb) &&
    known.index + known.length <= phrase.toLowerCase().indexOf(derived.verb.toLowerCase())
  ) {
    return derived.event;
  }
  // "a booking is cancelled": the vocabulary's verb, of another thing than the one its event names.
  const [knownThing, knownDone] = [
    known.event.slice(0, known.event.lastIndexOf('_')),
    known.event.slice(known.event.lastIndexOf('_') + 1),
  ];
  const [thing, done] = [
    derived.event.slice(0, derived.event.lastIndexOf('_')),
    derived.event.slice(derived.event.lastIndexOf('_') + 1),
  ];
  if (
    !derived.person &&
    knownDone === done &&
    thing !== knownThing &&
    thing !== '' &&
    !/^(?:it|them|one|account|order)$/.test(thing)
  ) {
    return derived.event;
  }
  if (
    derived.person &&
    /_(?:opened|clicked)$/.test(known.event) &&
    derived.object !== undefined &&
    !MESSAGE_OBJECT.test(derived.object)
  ) {
    return derived.event;
  }
  return known.event;
}

/**
 * The event a title or heading names ("Post-purchase", "Abandoned cart", "New course enrolment"):
 * the vocabulary's, or one named from a noun phrase; never one read from a clause, since a
 * heading has no verb ("Renewal play for annual customers" is no "play" that "customers").
 */
export function headingEventOf(heading: string): string | undefined {
  const quoted = QUOTED_EVENT.exec(heading);
  if (quoted !== null) return (quoted[1] ?? quoted[2] ?? quoted[3]).toLowerCase();
  const known = vocabularyEvent(heading);
  if (known !== undefined) return known.event;
  const derived = deriveClause(heading);
  return derived?.nominal === true ? derived.event : undefined;
}

function vocabularyEvent(
  phrase: string,
  lastChannel?: Channel,
): { event: string; index: number; length: number } | undefined {
  for (const [pattern, event] of EVENT_WORDS) {
    const match = pattern.exec(phrase);
    if (match === null) continue;
    const at = { index: match.index, length: match[0].length };
    // "open"/"click" refer to the message just sent: an SMS is clicked, a push is opened.
    if (event === 'email_opened' && lastChannel === 'push') return { event: 'push_opened', ...at };
    if (event === 'email_opened' && lastChannel === 'whatsapp') return { event: 'whatsapp_read', ...at };
    if (event === 'email_clicked' && lastChannel !== undefined && lastChannel !== 'email') {
      return { event: `${lastChannel}_clicked`, ...at };
    }
    return { event, ...at };
  }
  return undefined;
}

/** Words describing an event, for explanations: purchase_completed -> "purchase completed". */
export function describeEvent(event: string): string {
  return `"${event.replace(/_/g, ' ')}"`;
}
