/**
 * Events outside the lexicon's vocabulary, named from the clause that describes them the way the
 * engine names its own: the thing affected, then the verb's past participle. A person acting on
 * something names the object ("an admin creates a workspace" -> workspace_created, "they made a
 * deposit" -> deposit_made, "a member enrols in the program" -> program_enrolled); a thing that
 * changes names itself ("an order ships" -> order_shipped, "a prescription is filled" ->
 * prescription_filled, "an invoice is overdue" -> invoice_overdue); a state reached is its own
 * name ("an item is back in stock" -> back_in_stock); a noun with a participle before it is the
 * same event ("a missed appointment" -> appointment_missed).
 */

const PERSON =
  /^(?:customers?|users?|members?|players?|patients?|admins?|administrators?|leads?|prospects?|guests?|visitors?|buyers?|shoppers?|subscribers?|clients?|contacts?|students?|learners?|travell?ers?|passengers?|riders?|drivers?|employees?|owners?|holders?|applicants?|borrowers?|donors?|fans?|readers?|viewers?|listeners?|attendees?|trialists?|someone|somebody|anyone|anybody|person|people|they|he|she|you|we|he\/she|everyone)$/i;

const DETERMINER =
  /^(?:no|a|an|the|their|his|her|its|our|your|my|some|any|each|every|this|that|new|first|next|[\w-]+'s|[\w-]+s')$/i;

/** "6 hours later", "2 days after that": a time counted from an earlier moment. */
const TIME_LATER =
  /^(?:an?|one|\d+(?:\.\d+)?|two|three|four|five|six|seven|ten|twelve)\s+(?:more\s+)?(?:minutes?|hours?|days?|weeks?)\s+(?:later|after(?:wards)?)\b/i;

/** Words between a verb and its object that are not the object: prepositions, adverbs, articles. */
const FILLER =
  /^(?:a|an|the|their|his|her|its|our|your|some|any|one|first|new|second|next|another|more|to|for|in|into|on|onto|up|with|at|of|from|back|out|already|just|finally|successfully|all|every|this|that|by|then|yet|ever|still|again)$/i;

const AUXILIARY =
  /^(?:have|has|had|do|does|did|don't|doesn't|didn't|haven't|hasn't|hadn't|not|never|no|n't|still|already|just|ever|yet|will|would|should|can|could|to|been|finally|successfully|actually|also|then)$/i;

const IRREGULAR: Record<string, string> = {
  make: 'made',
  buy: 'bought',
  pay: 'paid',
  send: 'sent',
  get: 'got',
  leave: 'left',
  give: 'given',
  take: 'taken',
  begin: 'begun',
  write: 'written',
  find: 'found',
  hold: 'held',
  win: 'won',
  lose: 'lost',
  spend: 'spent',
  sell: 'sold',
  do: 'done',
  see: 'seen',
  go: 'gone',
  come: 'come',
  run: 'run',
  read: 'read',
  put: 'put',
  set: 'set',
  hit: 'hit',
  quit: 'quit',
  cut: 'cut',
  meet: 'met',
  build: 'built',
  choose: 'chosen',
  drive: 'driven',
  ride: 'ridden',
  fly: 'flown',
  withdraw: 'withdrawn',
  draw: 'drawn',
  break: 'broken',
  fall: 'fallen',
  rise: 'risen',
  lend: 'lent',
  bring: 'brought',
  think: 'thought',
  teach: 'taught',
  catch: 'caught',
  reach: 'reached',
  unlock: 'unlocked',
};
const IRREGULAR_FORMS = new Map<string, string>();
for (const [base, participle] of Object.entries(IRREGULAR)) {
  IRREGULAR_FORMS.set(base, participle);
  IRREGULAR_FORMS.set(participle, participle);
  IRREGULAR_FORMS.set(base.endsWith('s') || base.endsWith('h') ? `${base}es` : `${base}s`, participle);
}
IRREGULAR_FORMS.set('goes', 'gone');
IRREGULAR_FORMS.set('does', 'done');
IRREGULAR_FORMS.set('flies', 'flown');
IRREGULAR_FORMS.set('bought', 'bought');

/** Verbs whose last consonant doubles though their last syllable is not their only one. */
const DOUBLING =
  /^(?:submit|commit|admit|permit|refer|prefer|transfer|occur|enrol|control|cancel|label|travel|level|model|signal|fuel|total|patrol|compel|expel|propel)$/;

function syllables(word: string): number {
  return (word.match(/[aeiouy]+/g) ?? []).length;
}

/** The base form of a verb written in its -s form ("ships" -> ship, "replies" -> reply). */
function baseOfSForm(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(?:ss|ch|sh|x|z|o)es$/.test(word)) return word.replace(/es$/, '');
  return word.replace(/s$/, '');
}

function participleOfBase(base: string): string {
  if (IRREGULAR[base] !== undefined) return IRREGULAR[base];
  if (base.endsWith('e')) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return base.replace(/y$/, 'ied');
  if (DOUBLING.test(base) || (syllables(base) === 1 && /[^aeiou][aeiou][bdfgklmnprstvz]$/.test(base)))
    return `${base}${base.slice(-1)}ed`;
  return `${base}ed`;
}

/** A verb form to its past participle, or undefined when the word does not look like a verb. */
export function pastParticiple(word: string, baseAllowed: boolean): string | undefined {
  return participle(word, baseAllowed);
}

function participle(word: string, baseAllowed: boolean): string | undefined {
  const text = word.toLowerCase();
  const irregular = IRREGULAR_FORMS.get(text);
  if (irregular !== undefined) return irregular;
  if (/^[a-z]{3,}ed$/.test(text) && !/(?:eed|need)$/.test(text)) return text;
  if (/^[a-z]{3,}s$/.test(text) && !/(?:ss|us|is|ous|ics)$/.test(text))
    return participleOfBase(baseOfSForm(text));
  if (baseAllowed && /^[a-z]{2,}$/.test(text)) return participleOfBase(text);
  return undefined;
}

function adjectiveOrParticiple(word: string): boolean {
  return (
    /^[a-z]{3,}(?:ed|en|ue|ing)$/i.test(word) ||
    /^(?:due|late|live|open|closed|empty|full|low|high|ready|complete|available|expired|paid|sold|won|lost|done|over)$/i.test(
      word,
    )
  );
}

function slugOf(words: string[]): string {
  return words
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The head noun of a noun phrase: the last word before a preposition, without a plural s. */
function headNoun(words: string[]): string | undefined {
  const stop = words.findIndex(
    (word, i) => i > 0 && /^(?:on|in|of|for|with|from|to|at|by|about|that|which|who)$/i.test(word),
  );
  const phrase = (stop === -1 ? words : words.slice(0, stop)).filter((word) => !DETERMINER.test(word));
  const noun = phrase[phrase.length - 1];
  if (noun === undefined || !/^[a-z][a-z0-9-]*$/i.test(noun)) return undefined;
  return noun.toLowerCase().replace(/-/g, '_');
}

function objectNoun(words: string[]): string | undefined {
  // "rebook within 14 days", "buy by Friday": a time, not an object.
  if (
    /^(?:within|in|after|before|by|during|over|until|till|for)$/i.test(words[0] ?? '') &&
    words.length > 1 &&
    /^(?:\d|a|an|the next|next|one|two|three|this|that)/i.test(words[1]) &&
    // "in a course" is an object; "in a week", "by Friday", "within 3 days" are times.
    (/^\d/.test(words[1]) ||
      /^(?:minutes?|hours?|days?|weeks?|months?|fortnight|year|moment|while|row|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|evening|weekend)\b/i.test(
        words[2] ?? '',
      ))
  )
    return undefined;
  let i = 0;
  while (i < words.length && FILLER.test(words[i])) i += 1;
  const rest = words.slice(i);
  if (rest.length === 0) return undefined;
  // "top up within 24 hours": past the particle, a time is still no object.
  if (i > 0 && /^(?:within|after|before|by|during|until|till)$/i.test(rest[0])) return undefined;
  // "a savings account", "their first workout", "a teammate": the noun before any preposition.
  const stop = rest.findIndex(
    (word, j) =>
      j > 0 &&
      /^(?:on|in|of|for|with|from|to|at|by|about|within|after|before|that|which|who|and|or|but|yet|again|today)$/i.test(
        word,
      ),
  );
  const phrase = stop === -1 ? rest.slice(0, 3) : rest.slice(0, Math.min(stop, 3));
  // "lesson one", "module 2", "level five": the noun is the word before its number.
  while (
    phrase.length > 1 &&
    /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)$/i.test(phrase[phrase.length - 1])
  )
    phrase.pop();
  const noun = phrase[phrase.length - 1];
  if (noun === undefined || !/^[a-z][a-z0-9-]*$/i.test(noun) || /^\d/.test(noun)) return undefined;
  if (
    /^(?:it|them|this|that|one|anything|something|everything|nothing|there|here|now|later|soon)$/i.test(noun)
  )
    return undefined;
  return noun.toLowerCase().replace(/-/g, '_');
}

/** The words of a clause, without the conjunction that opens it or what follows a comma. */
function clauseWords(phrase: string): string[] {
  const text = phrase
    .split(/[,;:(]|\s[-–—]\s|\b(?:then|and then)\b/)[0]
    .replace(
      /^\s*(?:when(?:ever)?|once|if|unless|after|as soon as|the moment|every time|each time|until|till)\s+/i,
      '',
    )
    .replace(/[.!?"“”]/g, ' ')
    .trim();
  return text.split(/\s+/).filter((word) => word !== '');
}

/** "listener", "donors", "someone": a word for a person, who may be the subject of a condition. */
export function isPersonWord(word: string): boolean {
  return PERSON.test(word);
}

/** "Customer opens a savings account", "A new user signs up": a clause whose subject is a person. */
export function opensWithPerson(text: string): boolean {
  const words = text.trim().split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && /^(?:a|an|the|new|any|each|every)$/i.test(words[i])) i += 1;
  return PERSON.test(words[i] ?? '') && !/^(?:you|we|they|he|she)$/i.test(words[i]);
}

export interface DerivedClause {
  event: string;
  /** A person acts (the event is named after the object), or a thing changes. */
  person: boolean;
  /** The verb as written, and the object's noun when a person acts. */
  verb: string;
  object?: string;
  /** Named from a noun phrase ("a missed appointment", "course enrolment"), not from a clause. */
  nominal?: boolean;
}

/** The event a clause describes, named from its words; undefined when it is not such a clause. */
export function derivedEvent(phrase: string): string | undefined {
  return deriveClause(phrase)?.event;
}

export function deriveClause(phrase: string): DerivedClause | undefined {
  const words = clauseWords(phrase);
  if (words.length === 0 || words.length > 14) return undefined;
  // "a missed appointment", "an expired card": a participle before its noun.
  const before = /^(?:a|an|the|their|any)\s+([a-z]+(?:ed|en))\s+([a-z]+)$/i.exec(words.join(' '));
  if (before !== null && !/^(?:need|speed|seed|feed)$/i.test(before[1]))
    return { event: slugOf([before[2], before[1]]), person: false, verb: before[1], nominal: true };
  // "no top-up", "a check-in": a verb and its particle made a noun.
  const phrasal =
    /^(?:(?:no|a|an|the|any|their|still)\s+)*([a-z]{2,})-(up|in|out|on|off|back|over)(?:\s+(?:within|after|before|by|in|for|during|yet|an?|\d+|one|two|three)\b.*)?$/i.exec(
      words.join(' '),
    );
  // "no reload within 48 hours": a verb used as a noun after "no" is that verb's event.
  const bare =
    /^(?:still\s+)?no\s+([a-z]{3,})(?:\s+(?:within|after|before|by|in|for|during|yet|an?|\d+|one|two|three)\b.*)?$/i.exec(
      words.join(' '),
    );
  if (
    bare !== null &&
    !DETERMINER.test(bare[1]) &&
    !/^(?:one|more|longer|news|message|messages)$/i.test(bare[1])
  ) {
    const done = participle(bare[1], true);
    if (done !== undefined) return { event: done.toLowerCase(), person: false, verb: bare[1], nominal: true };
  }
  if (phrasal !== null) {
    const done = participle(phrasal[1], true);
    if (done !== undefined)
      return { event: slugOf([done, phrasal[2]]), person: false, verb: phrasal[1], nominal: true };
  }
  // "New course enrolment", "a shipment": a noun made of a verb (-ment) names that verb's event.
  const noun = /^(?:(?:a|an|the|their|any|new|first)\s+)*(?:([a-z]+)\s+)?([a-z]{3,})ment$/i.exec(
    words.join(' '),
  );
  if (noun !== null && !/^(?:com|mo|ele|seg|docu|argu|comple|experi|instru|move|pay)$/i.test(noun[2])) {
    const done = participle(noun[2], true);
    if (done !== undefined)
      return {
        event: slugOf(noun[1] === undefined ? [done] : [noun[1], done]),
        person: false,
        verb: noun[2],
        nominal: true,
      };
  }

  // The subject: a person word (with its determiners), or a determiner and up to three words.
  let i = 0;
  while (i < words.length && DETERMINER.test(words[i]) && !PERSON.test(words[i])) i += 1;
  const subjectStart = i;
  let person = false;
  let verbAt = -1;
  for (let j = i; j < Math.min(words.length, i + 5); j++) {
    if (PERSON.test(words[j]) && (j === subjectStart || j === subjectStart + 1)) {
      person = true;
      verbAt = j + 1;
      break;
    }
    // "upgrade to a paid plan": a participle between an article and a noun is an adjective.
    const attributive =
      /^(?:a|an|the|their|his|her|its|our|your)$/i.test(words[j - 1] ?? '') && j + 1 < words.length;
    if (
      j > subjectStart &&
      !attributive &&
      (/^(?:is|are|was|were|gets|got|becomes|became|goes|went|has|have)$/i.test(words[j]) ||
        NEGATED_COPULA.test(words[j]) ||
        participle(words[j], false) !== undefined)
    ) {
      verbAt = j;
      break;
    }
  }
  if (verbAt === -1 || verbAt >= words.length) return undefined;
  const subject = words.slice(subjectStart, verbAt);
  // Auxiliaries and negation before the verb: "they have not yet invited", "they still haven't logged".
  let v = verbAt;
  while (v < words.length - 1 && AUXILIARY.test(words[v])) v += 1;
  const verb = words[v];
  const after = words.slice(v + 1);

  if (!person) {
    // "the invoice hasn't been paid", "the card is not yet activated": the event is named as if it
    // had happened (the negation is the condition's, not the event's).
    const plain = [
      ...words.slice(0, verbAt),
      words[verbAt].replace(/n't$/i, ''),
      ...words
        .slice(verbAt + 1)
        .filter((word, k) => k > 1 || !/^(?:not|still|yet|never|already)$/i.test(word)),
    ];
    return thingClause(subject, plain, verbAt);
  }
  return personClause(words, verbAt, v, verb, after);
}

const NEGATED_COPULA = /^(?:isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't)$/i;

/** A thing that changes: "an order ships", "a prescription is filled", "a seller opens a shop". */
function thingClause(subject: string[], words: string[], verbAt: number): DerivedClause | undefined {
  const noun = headNoun(subject);
  // "it's still not signed": a pronoun names no thing (the trigger's thing is meant, see parse-brief).
  if (noun === undefined || /^(?:it|it's|its|this|that|there|not|still|never)$/i.test(subject[0] ?? ''))
    return undefined;
  // "has been delivered" reads as "is delivered", "has shipped" as "ships".
  let copula = verbAt;
  if (/^(?:has|have|had)$/i.test(words[verbAt]) && verbAt + 1 < words.length) {
    copula += 1;
    if (!/^been$/i.test(words[copula])) {
      const done = participle(words[copula], false);
      return done === undefined
        ? undefined
        : { event: slugOf([noun, done]), person: false, verb: words[verbAt] };
    }
  }
  // "is approved", "is overdue", "gets cancelled", "is back in stock", "has been delivered"
  if (/^(?:is|are|was|were|gets|got|becomes|became|goes|went|been)$/i.test(words[copula])) {
    const complement = words
      .slice(copula + 1)
      .filter((word) => !/^(?:now|finally|just|been|being)$/i.test(word));
    const first = complement[0];
    if (first === undefined) return undefined;
    // "is back in stock", "is out of stock", "is on sale"; not a comparison ("is above 4.5").
    if (
      /^(?:back|out|in|on|off|low|below|above|over|under|past)$/i.test(first) &&
      complement.length >= 2 &&
      !/^[$€£]?\d/.test(complement[1])
    )
      return { event: slugOf(complement.slice(0, 3)), person: false, verb: words[verbAt] };
    // "is approved", "is sent" (an irregular participle).
    if (
      (adjectiveOrParticiple(first) || IRREGULAR_FORMS.get(first.toLowerCase()) === first.toLowerCase()) &&
      !/ing$/i.test(first)
    )
      return { event: slugOf([noun, first]), person: false, verb: words[verbAt] };
    return undefined;
  }
  const done = participle(words[verbAt], false);
  if (done === undefined) return undefined;
  // "a seller opens a shop", "the host lists a room": a subject acting on an object named with
  // its article is someone doing something; the object names the event, as a person's would.
  const object = /^(?:a|an|the|their|his|her|its|our|your|some)$/i.test(words[verbAt + 1] ?? '')
    ? objectNoun(words.slice(verbAt + 1))
    : undefined;
  if (object !== undefined && !TIME_NOUN.test(object))
    return { event: slugOf([object, done]), person: true, verb: words[verbAt], object };
  return { event: slugOf([noun, done]), person: false, verb: words[verbAt] };
}

const TIME_NOUN =
  /^(?:day|days|week|weeks|month|months|year|years|hour|hours|minute|minutes|morning|evening|night|time|moment|period)$/i;

/** A person acting: "creates a workspace", "made a deposit", "enrols in the program". */
function personClause(
  words: string[],
  verbAt: number,
  v: number,
  verb: string,
  after: string[],
): DerivedClause | undefined {
  const done = participle(verb, true);
  if (done === undefined || /^(?:is|are|was|were|be|been|get|got|gets)$/i.test(verb)) return undefined;
  const object = objectNoun(after);
  if (object === undefined) {
    // "a player levels up", "a guest checks in": a verb and its particle, no object; a time
    // counted from before ("checked in 6 hours later") is no object either.
    const particle = /^(?:up|out|in|off|back|over|through)$/i.exec(after[0] ?? '')?.[0];
    if (
      particle !== undefined &&
      (after.length === 1 ||
        /^(?:within|in|after|before|by|for)$/i.test(after[1]) ||
        TIME_LATER.test(after.slice(1).join(' ')))
    )
      return { event: slugOf([done, particle]), person: true, verb };
    // "they haven't redeemed", "if they don't confirm within 15 minutes": after an auxiliary, a
    // verb with nothing after it but a time is what they do, the event named by its participle.
    // "they didn't attend" tells what already happened (a profile fact), unless a time follows.
    const pastOnly = words.slice(verbAt, v).some((word) => /^(?:did|didn't)$/i.test(word));
    if (
      v > verbAt &&
      !(pastOnly && after.length === 0) &&
      /^[a-z]{3,}$/i.test(verb) &&
      !/^(?:been|being|done|so|yet|anything|nothing)$/i.test(verb) &&
      (after.length === 0 || /^(?:within|in|after|before|by|yet|again|at all)$/i.test(after[0]))
    )
      return { event: done.toLowerCase(), person: true, verb };
    // "they haven't completed it within 2 days": a pronoun object is the thing meant; the verb names the event.
    if (
      v > verbAt &&
      /^(?:it|them)$/i.test(after[0] ?? '') &&
      (after.length === 1 || /^(?:within|in|after|before|by|yet|again)$/i.test(after[1])) &&
      /^[a-z]{3,}$/i.test(verb) &&
      !/^(?:been|being|done|get|got|open|opened|click|clicked|read)$/i.test(verb)
    )
      return { event: done.toLowerCase(), person: true, verb };
    return undefined;
  }
  return { event: slugOf([object, done]), person: true, verb, object };
}
