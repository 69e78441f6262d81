/** Splitting a brief into sentences, and a sentence into the clauses of a sequence of actions. */

const ABBREVIATIONS = /\b(e\.g|i\.e|etc|approx|vs|mr|mrs|dr)\./gi;

/** Sentences of the brief; bullets, numbering and "Step 3:" prefixes are dropped. */
export function splitSentences(text: string): string[] {
  const protectedText = text
    .replace(/\r\n?/g, '\n')
    .replace(ABBREVIATIONS, (match) => match.replace('.', '\u0000'))
    .replace(/(\d)\.(\d)/g, '$1\u0000$2');
  return protectedText
    .split(
      /\n+|(?<=[.!?])\s+(?=["'“A-Z0-9])|;\s*(?=(?:otherwise|else|if|unless|everyone else|anyone else|all others|the others|the rest|for everyone else)\b|(?:\S+\s+){1,3}?(?:later|after that|afterwards),\s*(?:if|unless)\b)|,\s*(?:and|but)\s+(?=if (?:they |it |it's )?still\b)/i,
    )
    .map((sentence) =>
      sentence
        .replace(/\u0000/g, '.')
        .replace(/^\s*(?:[-*•]|\d+[.)]|step\s+\d+\s*[:.)-])\s*/i, '')
        .trim()
        .replace(/[.!]+$/, '')
        .trim(),
    )
    .filter((sentence) => sentence !== '');
}

export const ACTION_VERBS =
  'send|email|text|sms|notify|message|push|remind|ping|follow up|wait|pause|hold|delay|add|tag|remove|untag|set|mark|update|call|post|trigger|exit|end|stop|give|offer|deliver|whatsapp|they get|they receive|we send|then';

const CHANNEL_NOUN =
  "(?:an?|another|one more)\\s+(?:[\\w%'-]+\\s+){0,3}?(?:e-?mails?|sms|texts?|push(?:\\s+notifications?)?|(?:in-app\\s+)?notifications?|whatsapp(?:\\s+messages?)?|newsletters?)\\b";

const CLAUSE_BREAK = new RegExp(
  `\\s*(?:,\\s*(?:and\\s+)?(?=${CHANNEL_NOUN})|\\s+and\\s+(?=${CHANNEL_NOUN})|,\\s*(?:and\\s+)?then\\s+|\\s+and\\s+then\\s+|\\s+then\\s+|;\\s*|,\\s*and\\s+(?=(?:${ACTION_VERBS})\\b)|\\s+and\\s+(?=(?:send|wait|add|tag|remove|call|notify|email|text)\\b)|,\\s*(?=(?:${ACTION_VERBS})\\b))`,
  'i',
);

/**
 * ", and the next day", ", and 2 days later", ", and after a week", ", and 2 hours before the
 * appointment", ", and on the refill date itself": a new clause opens with its delay or date.
 */
const DELAY_OPENING = new RegExp(
  `,\\s*(?:and\\s+)?(?:then\\s+)?(?=(?:the next day|the following day|the day after|next day|tomorrow|overnight|(?:after|in)\\s+${'(?:\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a couple of|a few)'}\\s+(?:minutes?|hours?|days?|weeks?|months?)\\b|(?:\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\\s+(?:minutes?|hours?|days?|weeks?|months?)\\s+(?:later|after|before|ahead of|prior to)\\b|the (?:day|night|evening|week) before\\b|on (?:the|their) [\\w -]{1,40}?(?:date|deadline)\\b))`,
  'i',
);

/** "send X, wait 2 days, then send Y" -> ["send X", "wait 2 days", "send Y"]. */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(DELAY_OPENING)
    .flatMap((part) => part.split(CLAUSE_BREAK))
    .map((clause) =>
      clause
        .trim()
        .replace(/^(?:and|also|then|finally|next|afterwards|after that)\b[,\s]*/i, '')
        .trim(),
    )
    .filter((clause) => clause !== '');
}

/** Lower-case words, letters and digits only, joined by _: template ids and names. */
export function slug(text: string, max = 40): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max)
    .replace(/_+$/, '');
}

export function capitalise(text: string): string {
  return text === '' ? text : text[0].toUpperCase() + text.slice(1);
}

/** "check-in" -> "checkIn", "the trial end" -> "trialEnd": a profile attribute's name from words. */
export function camelName(words: string): string {
  const parts = words
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((part) => part !== '' && !['the', 'a', 'an', 'their', 'them', 'as'].includes(part));
  const name = parts.map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1))).join('');
  return /^[a-z_]/.test(name) ? name : `attr${name}`;
}
