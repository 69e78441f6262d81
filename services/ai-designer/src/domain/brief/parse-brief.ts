/**
 * The offline designer's reader: a brief in plain English to a JourneyPlan. Sentence by
 * sentence: journey-wide rules (caps, goal, exit), the entry, conditionals ("if they don't open
 * it within 3 days, ..." / "otherwise ..."), A/B splits with percentages, things done "at the same
 * time", and plain sequences of actions. Branches rejoin after a conditional, so the next
 * sentence continues for everyone.
 */
import { parseCondition } from '../language/conditions';
import { findDuration } from '../language/durations';
import { opensWithPerson, pastParticiple } from '../language/derived-events';
import { eventOf, findChannel, headingEventOf } from '../language/lexicon';
import { splitClauses } from '../language/sentences';
import { briefSentences } from './brief-text';
import type { JourneyPlan, Step } from './journey-plan';
import { elapsedMsOf, parseAction, parseActions, type ActionContext } from './parse-action';
import { findEntry } from './parse-entry';
import { findCap, findGoalOrExit, findSendDays, findSendWindow } from './parse-rules';

/** Timeout of "if they open it" when the brief gives none. */
export const DEFAULT_EVENT_TIMEOUT = 'P3D';

type Branching = Extract<Step, { kind: 'wait_event' | 'condition' }>;

interface ReaderState {
  plan: JourneyPlan;
  context: ActionContext;
  /** The last conditional, whose "otherwise" branch the next "otherwise" sentence fills. */
  lastBranching?: { step: Branching; otherwise: Step[]; defaulted?: boolean; negated?: boolean };
  /** "Split them 50/50." with no variants: the shares, for the sentence naming the groups. */
  pendingSplit?: number[];
}

export function parseBrief(brief: string): JourneyPlan {
  const plan: JourneyPlan = { entry: { kind: 'manual' }, steps: [], caps: [], notes: [], unparsed: [] };
  const state: ReaderState = { plan, context: { notes: plan.notes } };
  let entrySeen = false;
  // A title or a heading may name the trigger ("Post-purchase:", "Abandoned cart"), but only
  // when nothing else in the brief does: the text is read first.
  let headingEvent: string | undefined;
  // "they've", "we've": the subject and its auxiliary, read as written out.
  const sentences = briefSentences(brief.replace(/\b(they|we|you|i|who)['’]ve\b/gi, '$1 have'));
  for (const [index, original] of sentences.entries()) {
    // "Trial conversion playbook", "Grooming win-back.": the title of the brief is no step.
    if (index === 0 && sentences.length > 1 && isTitle(original, brief)) {
      headingEvent = headingEventOf(original);
      continue;
    }
    // "Background: ...", "Customers who open an account often never fund it": context, no step.
    if (isContext(original)) continue;
    // "for lapsed buyers, meaning people who haven't purchased in 6 months": the definition is the audience.
    const defined = original.replace(
      /\b(for|target(?:ing)?|to)\s+(?:[a-z-]+\s+){0,2}?[a-z-]+,?\s+(?:meaning|i\.e\.?,?|that is,?|defined as|by which we mean)\s+(?=(?:people|customers|users|anyone|those|everyone)\s+who\b)/i,
      '$1 ',
    );
    let sentence = defined
      // "Who: players who ...": the audience, as "Audience:" names it.
      .replace(/^(?:who|who it's for|who is it for|people)\s*:\s*/i, 'Audience: ')
      // "Guardrails:", "The flow:", "What we send:": a part of the document, named; what follows is read.
      .replace(DOCUMENT_PART, '')
      .replace(
        /^(?!(?:when|whenever|if|once|after|every|for|as soon as)\b)(?:[A-Z][\w-]*(?: [\w-]+){0,5}|[^:]{1,80}(?=:\s+(?:when|whenever|once|as soon as|after|every|if)\b)):\s+(?=\S)/i,
        (heading) => {
          // "Trigger:", "Goal:", "Limit:", "Quiet hours:", "Success metric:" name what follows: they stay.
          if (
            /\b(?:trigger|entry|goal|audience|target(?:ing)?|segment|limit|cap|max|maximum|frequency|quiet|exit|stop|success|objective|kpi)\b/i.test(
              heading,
            )
          )
            return heading;
          // "The day after their return date:", "2 days before departure:": a time is when, not a title.
          if (
            findDuration(heading) !== undefined ||
            /\b(?:before|after|immediately|right away)\b/i.test(heading)
          )
            return heading.replace(/:\s+$/, ', ');
          // "A push: 'Your squad misses you'", "SMS 2: ...": a heading that is a message is the step.
          const named = heading.replace(/:\s*$/, '').trim();
          const channel = findChannel(named);
          if (
            channel !== undefined &&
            named.split(/\s+/).length <= 4 &&
            channel.index + channel.word.length >= named.replace(/\s*\d+$/, '').length
          )
            return `Send ${named} `;
          // "Welcome series for new sign-ups:", "Post-purchase:": the heading may name the trigger.
          headingEvent ??= headingEventOf(heading);
          return '';
        },
      );
    for (let found = findCap(sentence); found !== undefined; found = findCap(sentence)) {
      plan.caps.push(found.cap);
      sentence = found.rest;
    }
    const window = findSendWindow(sentence);
    if (window !== undefined) {
      plan.sendWindow = window.window;
      sentence = window.rest;
    }
    const days = findSendDays(sentence);
    if (days !== undefined) {
      plan.sendDays = days.days;
      sentence = days.rest;
    }
    // "Keep going until they log a workout; stop messaging anyone who opts out": a goal and an exit.
    for (
      let rest = findGoalOrExit(sentence, plan);
      rest !== undefined && rest !== sentence;
      rest = findGoalOrExit(sentence, plan)
    ) {
      sentence = rest;
    }
    if (isEmptyRemainder(sentence)) continue;
    // "Objective: turn calculator users into applicants": a purpose that names no event, no step.
    if (
      /^(?:the\s+)?(?:objective|aim|purpose|kpis?|north star|success(?:\s+metrics?)?)\s*(?::|is\b)/i.test(
        sentence,
      )
    )
      continue;

    // "Split new sign-ups 70/30: ...": the people split, named by what they did, are the trigger.
    const splitPeople = entrySeen
      ? null
      : /^((?:a\/b[- ]test|split[- ]test|randomly split|split|divide)\s+(?:all\s+)?)((?:new|first-time|recent)\s+)?([a-z-]+)(?=\s+(?:\d{1,3}\s*\/|into\b|in half\b|evenly\b|randomly\b)|\s*:)/i.exec(
          sentence,
        );
    const splitEvent =
      splitPeople === null ? undefined : headingEventOf(`${splitPeople[2] ?? ''}${splitPeople[3]}`);
    if (splitPeople !== null && splitEvent !== undefined) {
      entrySeen = true;
      plan.entry = { kind: 'event', event: splitEvent };
      sentence = `${splitPeople[1]}them${sentence.slice(splitPeople[0].length)}`;
    }
    const windowed = entrySeen ? undefined : triggerWithWindow(sentence);
    if (windowed !== undefined) {
      entrySeen = true;
      plan.entry = { kind: 'event', event: windowed.event };
      sentence = windowed.rest;
    }
    if (!entrySeen) {
      const found = findEntry(sentence);
      if (found !== undefined) {
        entrySeen = true;
        plan.entry = found.entry;
        if (found.note !== undefined) plan.notes.push(found.note);
        if (found.delay !== undefined) plan.steps.push({ kind: 'wait', duration: found.delay });
        sentence = found.rest;
        if (isEmptyRemainder(sentence)) continue;
      } else if (plan.steps.length === 0 && audienceOpening(sentence) !== undefined) {
        // "If a customer hasn't opened any email in 60 days, send ...": before any trigger, a
        // conditional on what customers are (not on something they do next) is the audience.
        const audience = audienceOpening(sentence)!;
        entrySeen = true;
        plan.entry = { kind: 'segment', expression: audience.expression, label: audience.label };
        sentence = audience.rest;
      } else if (plan.steps.length === 0 && triggerOpening(sentence) !== undefined) {
        // "If someone abandons their cart, email them": before any trigger, what they do is it.
        const trigger = triggerOpening(sentence)!;
        entrySeen = true;
        plan.entry = { kind: 'event', event: trigger.event };
        sentence = trigger.rest;
      } else if (plan.steps.length === 0 && personWhoOpening(sentence) !== undefined) {
        // "Candidates who apply for a job must finish an assessment": the people the journey is
        // about, named by what they do, with no step yet: what they do is the trigger.
        entrySeen = true;
        plan.entry = { kind: 'event', event: personWhoOpening(sentence)! };
        continue;
      } else if (
        plan.steps.length === 0 &&
        opensWithPerson(sentence) &&
        findChannel(sentence) === undefined
      ) {
        // "1. Customer opens a savings account" opening a list: the trigger, without "when".
        const event = eventOf(sentence);
        if (event !== undefined && parseActions(sentence, { notes: [] }) === undefined) {
          entrySeen = true;
          plan.entry = { kind: 'event', event };
          continue;
        }
      }
    }
    // A sentence before the journey starts ("We're launching a referral programme") leaves
    // the entry open for the next one.
    state.context.elapsedMs = elapsedMsOf(plan.steps);
    if (readSentence(sentence, state)) entrySeen = true;
    else plan.unparsed.push(original);
  }
  if (plan.sendDays !== undefined && plan.sendWindow === undefined) {
    plan.notes.push(
      `Messages go out on ${plan.sendDays.join(', ')} only, at any hour (00:00-23:59): give hours to narrow it.`,
    );
  }
  if (plan.entry.kind === 'manual') plan.entry = fallbackEntry(plan, headingEvent) ?? plan.entry;
  if (plan.entry.kind === 'manual' && !/\b(?:enrol|enroll|import|api)\b/i.test(brief)) {
    plan.notes.push('No trigger was named, so customers are enrolled through the API (manual entry).');
  }
  return plan;
}

const LAPSED = /< now\(\) -/;

/** Parts of a strategy document named before their content: the name is no step and no event. */
const DOCUMENT_PART =
  /^(?:the\s+)?(?:guardrails?|rules?|constraints?|flow|journey|steps?|plan|sequence|cadence|messaging|comms|communications|touchpoints|what we send|what they get|how it works|mechanics|details)\s*:\s*/i;

/**
 * "Trial conversion playbook" on its own first line, or "Grooming win-back." opening the brief: a
 * noun phrase (no article or pronoun but after a preposition, no number, no verb of ours) is a title.
 */
function isTitle(sentence: string, brief: string): boolean {
  const firstLine = brief
    .trim()
    .split(/\r?\n/)[0]
    .replace(/[*_#`]+/g, '')
    .replace(/[.!]+\s*$/, '')
    .trim();
  const ownLine = firstLine === sentence && /\n\s*\S/.test(brief.trim());
  // The title is the brief's own first words (not what a "Day 0 -" marker left of a line).
  if (!firstLine.startsWith(sentence)) return false;
  const words = sentence.split(/\s+/);
  if (words.length > (ownLine ? 9 : 5)) return false;
  if (/[,;?]|\d|->|→|=>/.test(sentence) || (!ownLine && /:/.test(sentence))) return false;
  if (findDuration(sentence) !== undefined || opensWithPerson(sentence)) return false;
  // "Target shoppers from France": a sentence that names how customers enter is read.
  if (findEntry(sentence) !== undefined) return false;
  if (
    /^(?:when|whenever|if|unless|once|after|before|every|each|for|on|in|as|at|send|email|text|sms|push|whatsapp|wait|add|tag|remove|notify|call|post|give|offer|stop|exit|then|they|we|you|our|customers?|users?|anyone|everyone|someone)\b/i.test(
      sentence,
    )
  )
    return false;
  return !/(?<!\b(?:for|of|on|in|at|to|with|from|by)\s)\b(?:a|an|the|their|them|they|his|her|its|who|someone|everyone|anyone|you|we)\b/i.test(
    sentence,
  );
}

/** A statement about customers or the journey, not a step: a labelled background, a habit, a summary. */
function isContext(sentence: string): boolean {
  if (
    /^(?:background|context|why|problem|insight|notes?|rationale|hypothesis|situation|challenge|observation|summary|overview|owner|budget|timeline)\s*:/i.test(
      sentence,
    )
  )
    return true;
  // "This journey nudges them to make their first deposit": what the journey is for.
  if (
    /^(?:this|the|our)\s+(?:journey|flow|campaign|programme|program|sequence|series|play|playbook|workflow)\s+(?:is|aims|helps|nudges|wants|exists|targets|tries|should help|is meant|is designed)\b/i.test(
      sentence,
    )
  )
    return true;
  // "Customers who open a current account often never fund it": a habit, said of customers.
  return (
    /\b(?:often|usually|rarely|seldom|typically|generally|tend to|tends to)\b/i.test(sentence) &&
    findChannel(sentence) === undefined &&
    !/^(?:if|when|whenever|once|after|send|wait|tag|add|stop|exit)\b/i.test(sentence)
  );
}

/** With no trigger named: customers whose date the first step counts from, else the event a title or heading named. */
function fallbackEntry(
  plan: JourneyPlan,
  headingEvent: string | undefined,
): JourneyPlan['entry'] | undefined {
  const first = plan.steps[0];
  // "30 days before their renewal date, email ...": a time counted from the date, for everyone
  // who has one ("wait until their anniversary date" is a step after some enrolment).
  if (first?.kind === 'wait_until' && first.offset !== undefined) {
    plan.notes.push(
      `No trigger was named: customers with a ${first.attribute} in their profile enter (a segment).`,
    );
    return {
      kind: 'segment',
      expression: `exists(customer.${first.attribute})`,
      label: `have a ${first.attribute}`,
    };
  }
  return headingEvent === undefined ? undefined : { kind: 'event', event: headingEvent };
}

/**
 * "When someone requests a quote and hasn't bought a policy within 24 hours, email them ...",
 * "Travellers who view a hotel but don't book within 6 hours get an email": the trigger, and
 * what they have not done in that window is the conditional that follows it.
 */
function triggerWithWindow(sentence: string): { event: string; rest: string } | undefined {
  const match =
    /^(?:(?:when|whenever|once|if|as soon as)\s+(.+?)|(?:[a-z-]+\s+){0,2}?(?:[a-z]{3,}s|someone|anyone|everyone)\s+who\s+(.+?))\s+(?:but|and)\s+((?:still\s+)?(?:does not|doesn't|don't|do not|has not|hasn't|have not|haven't|did not|didn't|never|fails? to)\s+[^,]+?)(?:,\s*(?:then\s+)?|\s+(?=(?:get|gets|receive|receives|are sent|will get|should get)\b))(.+)$/i.exec(
      sentence,
    );
  if (match === null || findDuration(match[3]) === undefined) return undefined;
  const event = match[1] !== undefined ? eventOf(match[1]) : eventOf(`they ${match[2]}`);
  if (event === undefined || NEGATED_EVENT.test(match[1] ?? match[2])) return undefined;
  return { event, rest: `If they ${match[3].replace(/^they\s+/i, '')}, ${match[4]}` };
}

/** "Applicants who submit a form must ...": a sentence with no step naming people by an act. */
function personWhoOpening(sentence: string): string | undefined {
  const match =
    /^(?:(?:all|any|new|every)\s+)?([a-z]+)\s+who\s+([^,]+?)\s+(?:must|should|need to|have to|are (?:asked|expected|required) to|will)\s+(.+)$/i.exec(
      sentence,
    );
  // "who" says the noun is a person, whatever the word ("candidates", "tenants").
  if (match === null || NEGATED_EVENT.test(match[2])) return undefined;
  // What they "must" do is theirs, not a step of ours: a sentence with a message is no such opening.
  if (findChannel(sentence) !== undefined) return undefined;
  return eventOf(`they ${match[2]}`);
}

/**
 * A conditional opening the brief whose every part ("and") is a state of the customer: a profile
 * fact ("are on the gold plan", "have spent over $500") or a time since they last did something
 * ("haven't opened any email in 60 days"), at least one part such a lapse; undefined when a part is
 * something they do next.
 */
function audienceOpening(sentence: string): { expression: string; label: string; rest: string } | undefined {
  const match = /^(?:if|when|whenever)\s+([^,]+?),\s*(?:then\s+)?(.+)$/i.exec(sentence);
  if (match === null) return undefined;
  const parts = match[1].split(/\s+and\s+(?:(?:they|he|she)\s+)?/i);
  const conditions = [];
  for (const part of parts) {
    const condition = parseCondition(part);
    if (condition === undefined) return undefined;
    if (!PROFILE_WORDS.test(part) && !LAPSED.test(condition.expression)) return undefined;
    conditions.push(condition);
  }
  // "If they are a VIP, send a WhatsApp; otherwise an email" branches everyone enrolled: only a
  // lapse ("haven't ... in 60 days") picks the audience on its own.
  if (!conditions.some((c) => LAPSED.test(c.expression)) || /\b(?:otherwise|else)\b/i.test(match[2]))
    return undefined;
  if (parseActions(match[2], { notes: [] }) === undefined) return undefined;
  return {
    expression: conditions
      .map((c) => (conditions.length > 1 ? `(${c.expression})` : c.expression))
      .join(' && '),
    label: conditions.map((c) => c.label).join(' and '),
    rest: match[2],
  };
}

/** "If someone abandons their cart, ...": an event (not negated, with no window) opening the brief. */
function triggerOpening(sentence: string): { event: string; rest: string } | undefined {
  const match = /^if\s+([^,]+?),\s*(?:then\s+)?(.+)$/i.exec(sentence);
  if (match === null || NEGATED_EVENT.test(match[1]) || findDuration(match[1]) !== undefined)
    return undefined;
  const event = eventOf(match[1]);
  if (event === undefined || parseActions(match[2], { notes: [] }) === undefined) return undefined;
  return { event, rest: match[2] };
}

function isEmptyRemainder(sentence: string): boolean {
  return /^[\s,.;:-]*(?:and|also|please|too)?[\s,.;:-]*$/i.test(sentence);
}

function readSentence(raw: string, state: ReaderState): boolean {
  // "After another 4 days without payment, call ...": the same wait again, the event not done.
  let sentence = raw.replace(
    /^(?:after|within|in)\s+(another\s+)?((?:\S+\s+)?(?:more\s+)?(?:minutes?|hours?|days?|weeks?))\s+(?:without|with no)\s+(?:an?\s+|any\s+)?([\w-]+)\s*,\s*/i,
    (_whole, another: string | undefined, time: string, noun: string) =>
      `If still no ${noun} after ${another ?? ''}${time}, `,
  );
  // "If they haven't left a review, send a push. If they have, tag them": the bare auxiliary
  // answers the last negated conditional, so it is that conditional's other branch.
  const elliptical =
    /^if (?:they|so|yes)(?:\s+(?:have|did|do|does|had|has|are|were))?(?:\s+(?:done so|already))?\s*,\s*(.+)$/i.exec(
      sentence,
    );
  // "If they don't open it within 12 hours, send an email; if they still don't, send an SMS 2
  // days later": the same wait again, for those the first fallback did not move.
  // "if still nothing after a day, ...", "if still no top-up a day after that, ...": the window
  // may be in the question.
  // "2 days after that, if it's still not done, text them": the delay is the question's window.
  const before =
    /^((?:\S+\s+){1,3}?(?:later|after that|afterwards))\s*,\s*(if (?:they |it |it's |it is |that |there's |there is )?still [^,]+?)\s*,\s*(.+)$/i.exec(
      sentence,
    );
  if (before !== null) sentence = `${before[2]} ${before[1]}, ${before[3]}`;
  const still =
    /^if (?:they |it |it's |it is |that |there's |there is )?still (?:don't|do not|haven't|have not|didn't|did not|hasn't|has not|isn't|is not|not|nothing|no\s+[\w-]+)(?:\s+(?:done(?:\s+so)?|responded|[a-z]{3,}(?:ed|en)))?((?:\s+(?:after|within|in|by)?\s*(?:another\s+)?\S+\s+(?:more\s+)?(?:minutes?|hours?|days?|weeks?|months?)(?:\s+(?:later|after that|on))?)?)\s*,\s*(.+)$/i.exec(
      sentence,
    );
  const previous = state.lastBranching?.step;
  if (still !== null && state.lastBranching?.negated === true && previous?.kind === 'wait_event') {
    const steps = parseActions(still[2], state.context);
    if (steps === undefined) return false;
    const asked = findDuration(still[1]);
    const window =
      asked !== undefined
        ? { kind: 'wait' as const, duration: asked }
        : steps[0]?.kind === 'wait'
          ? steps.shift()
          : undefined;
    if (window === undefined) {
      state.plan.notes.push(
        `No time limit was given for ${previous.event.replace(/_/g, ' ')}, so the journey waits up to 3 days for it.`,
      );
    }
    const again: Extract<Step, { kind: 'wait_event' }> = {
      kind: 'wait_event',
      event: previous.event,
      timeout: window?.kind === 'wait' ? window.duration : DEFAULT_EVENT_TIMEOUT,
      onEvent: [],
      onTimeout: steps,
    };
    previous.onTimeout.push(again);
    state.lastBranching = { step: again, otherwise: again.onEvent, negated: true };
    return true;
  }
  if (elliptical !== null && state.lastBranching?.negated === true) {
    const steps = parseActions(elliptical[1], state.context);
    if (steps === undefined) return false;
    state.lastBranching.otherwise.push(...steps);
    state.lastBranching = undefined;
    return true;
  }
  const otherwise =
    /^(?:otherwise|else|if not|if they don't|if they do not|if they didn't|if they haven't|if that fails|for everyone else|everyone else|anyone else|all others|the others|the rest|if not|if no(?=\s*[,:]))\b[,:]?\s*(?:(?:they\s+)?(?:should\s+|will\s+)?(get|gets|receive|receives|are sent)\s+)?/i.exec(
      sentence,
    );
  if (otherwise !== null && state.lastBranching !== undefined) {
    let body = sentence.slice(otherwise[0].length);
    // "If they click it, tag them. If they don't click within 4 days, ...": the same event's
    // other branch, whose head may give the window.
    const head = /^if they (?:don't|do not|didn't|haven't|have not)\b/i.test(otherwise[0])
      ? /^(.+?),\s*(.+)$/.exec(body)
      : null;
    const branching = state.lastBranching.step;
    if (
      head !== null &&
      branching.kind === 'wait_event' &&
      eventOf(head[1], state.context.lastChannel) === branching.event
    ) {
      const window = findDuration(head[1]);
      if (window !== undefined && state.lastBranching.defaulted === true) {
        branching.timeout = window;
        state.lastBranching.defaulted = false;
        dropDefaultNote(branching, state);
      }
      body = head[2];
    } else if (head !== null && branching.kind === 'condition' && !ACTION_IN_CONDITION.test(head[1])) {
      // "If they attended, ... If they didn't attend, email the recording": the head restates it.
      body = head[2];
    }
    const steps = parseActions(otherwise[1] !== undefined ? `send ${body}` : body, state.context);
    if (steps === undefined) return false;
    state.lastBranching.otherwise.push(...steps);
    if (state.lastBranching.defaulted === true) foldWindow(state.lastBranching.step, state);
    state.lastBranching = undefined;
    return true;
  }
  if (
    /\b(?:a\/b|a\/b\/c|split test|split them|split customers|split users|randomly split|\d{1,3}\s*%(?!(?:\s+[a-z-]+){0,2}\s*(?:off|discount|code|coupon|cash ?back|interest|apr|apy|more|less|of (?:their|the|your) (?:order|basket|cart|bill)))|\d{1,3}\s*\/\s*\d{1,3}\b|half of them|half get|(?:two|three|four|five|2|3|4|5)[- ]way (?:test|split)|(?:a|one) (?:third|quarter|fifth)s?\b)/i.test(
      sentence,
    )
  ) {
    const split = readSplit(sentence, state);
    if (split !== undefined) {
      state.plan.steps.push(split);
      return true;
    }
    // "Split them 50/50." and nothing more: the next sentence names what each group gets.
    const ratio = /\b(\d{1,3})\s*\/\s*(\d{1,3})(?:\s*\/\s*(\d{1,3}))?\b/.exec(sentence);
    if (ratio !== null && findChannel(sentence) === undefined && /\bsplit\b|\btest\b/i.test(sentence)) {
      const shares = ratio
        .slice(1)
        .filter((part) => part !== undefined)
        .map(Number);
      if (shares.reduce((sum, share) => sum + share, 0) === 100) {
        state.pendingSplit = shares;
        return true;
      }
    }
  }
  const groups =
    state.pendingSplit === undefined ? undefined : readGroups(sentence, state.pendingSplit, state);
  state.pendingSplit = undefined;
  if (groups !== undefined) {
    state.plan.steps.push(groups);
    return true;
  }
  if (/\b(?:at the same time|simultaneously|in parallel|meanwhile|alongside)\b/i.test(sentence)) {
    return readParallel(sentence, state);
  }
  // "2 days later, if they haven't clicked, send a push": the delay is the window of the event.
  const delayed =
    /^((?:\S+\s+){1,3}?(?:later|after that|afterwards)|after\s+(?:\S+\s+)?(?:minutes?|hours?|days?|weeks?))\s*,\s*(?=(?:if|when|unless)\b|(?:everyone|anyone|those|people|customers|users)\s+who\b)(.+)$/i.exec(
      sentence,
    );
  if (delayed !== null) {
    const duration = findDuration(delayed[1]);
    if (duration !== undefined) {
      state.plan.steps.push({ kind: 'wait', duration });
      const result = readConditional(delayed[2], state);
      if (result !== undefined) return result;
      state.plan.steps.pop();
    }
  }
  const conditional = readConditional(sentence, state);
  if (conditional !== undefined) return conditional;
  // "Wait 2 hours, then if they are on the free plan send ...": steps, then a conditional.
  const thenIf = /^(.+?)(?:,\s*|\s+)(?:and\s+)?(?:then\s+)?(?=(?:if|unless)\s)(.+)$/i.exec(sentence);
  if (thenIf !== null) {
    // Read once on a copy of the context, which becomes the context when the reading stands.
    const context = { ...state.context };
    const before = parseActions(thenIf[1], context);
    if (before !== undefined && before.length > 0) {
      const saved = { ...state.context };
      Object.assign(state.context, context);
      state.plan.steps.push(...before);
      const result = readConditional(thenIf[2], state);
      if (result === true) return true;
      state.plan.steps.splice(state.plan.steps.length - before.length, before.length);
      Object.assign(state.context, saved);
    }
  }
  // "Send a second email after a week unless they have invited a teammate", "sms at 24h if still
  // no order": a condition after its action holds for that action, the last of the list.
  const trailing =
    /^(?!(?:if|unless|when|whenever|once|as soon as|in case)\b)(.+?),?\s+(if|unless)\s+([^,;]+)$/i.exec(
      sentence,
    );
  if (trailing !== null && !ACTION_IN_CONDITION.test(trailing[3])) {
    const clauses = splitClauses(trailing[1]);
    const last = clauses.pop()!;
    const context = { ...state.context };
    const before = parseActions(clauses.join(', then '), context);
    if (before !== undefined) {
      const saved = { ...state.context };
      Object.assign(state.context, context);
      state.plan.steps.push(...before);
      const result = readConditional(`${trailing[2]} ${trailing[3]}, ${last}`, state);
      if (result === true) return true;
      state.plan.steps.splice(state.plan.steps.length - before.length, before.length);
      Object.assign(state.context, saved);
    }
  }
  const steps = parseActions(sentence, state.context);
  if (steps !== undefined) {
    state.plan.steps.push(...steps);
    return true;
  }
  // "After the demo, wait 2 days and ...": a time reference that is the previous step.
  const after = /^(?:after|following|once)\s+(?:the|their|this|that)\s+[^,]{1,40},\s*(.+)$/i.exec(sentence);
  if (after !== null && findDuration(after[0].split(',')[0]) === undefined) {
    const rest = parseActions(after[1], state.context);
    if (rest !== undefined) {
      state.plan.steps.push(...rest);
      return true;
    }
  }
  return false;
}

/** An action inside what reads as a condition: "if they are on the free plan send an email". */
const ACTION_IN_CONDITION =
  /\b(?:send|text them|email them|notify|give|tag|add|call|remind|offer|whatsapp them|wait)\b/i;

// --- conditionals -------------------------------------------------------------------------------

const NEGATED_EVENT =
  /\b(?:don't|do not|doesn't|does not|didn't|did not|haven't|have not|hasn't|has not|isn't|is not|aren't|are not|wasn't|was not|weren't|won't|will not|never|fail(?:s|ed)? to|still (?:don't|haven't)|not|no)\b\s*/i;
const PROFILE_WORDS =
  /\b(?:tagged|tag|plan|tier|vip|country|lives?|from [A-Z]|are an?|is an?|age|opted in|spent|spend|more than|less than|over \$|under \$|\$\d|orders|points|score|have a phone|have an email|has a phone|premium|whose|attribute)\b|\b(?:above|below|over|under|at least|at most|greater than|fewer than)\s*[$€£]?\d/i;

/** "it's still unpaid", "the form remains unsigned": a state with "un-" is the thing not done. */
const UN_STATE =
  /\b(is|are|was|were|it's|remains?|stays?|still|left)\s+(still\s+)?un(?!subscrib|lock|install|follow|block|pause)([a-z]{2,}(?:ed|en|id|wn|ne)|read|sent|sold|seen|done|met|set)\b/gi;

function readConditional(sentence: string, state: ReaderState): boolean | undefined {
  let head: string;
  let body: string;
  let elseBody: string | undefined;
  const ifMatch =
    /^(?:if|when|once|in case|unless|as soon as|whenever)\s+(.+?)(?:,\s*|\s+then\s+)(.+)$/i.exec(sentence) ??
    // "if they are on the free plan send an upgrade email": no comma, the body starts at its verb.
    /^(?:if|when|once|in case|unless|as soon as|whenever)\s+(.+?)\s+(?=(?:send|text them|email them|notify|give|tag|add|call|remind|offer|whatsapp them)\b)(.+)$/i.exec(
      sentence,
    );
  const whoMatch =
    /^(?:for\s+)?(?:those|people|customers|anyone|everyone|users|the ones|openers|clickers|shoppers|contacts)\s+who\s+(.+?)(?:,\s*|\s+(?=(?:get|gets|receive|receives|should|will|are sent|we)\b))(.+)$/i.exec(
      sentence,
    );
  const nonMatch =
    /^(non-?openers|non-?clickers|non-?buyers|non-?purchasers|openers|clickers|buyers)\b[,:]?\s*(?:(?:within|after)\s+((?:\S+\s+)?(?:days?|hours?|weeks?))\s*,?\s*)?(.+)$/i.exec(
      sentence,
    );
  if (ifMatch !== null) {
    head = ifMatch[1]!;
    body = ifMatch[2]!;
    if (/^unless\b/i.test(sentence)) head = `they don't ${head.replace(/^they\s+/i, '')}`;
  } else if (whoMatch !== null) {
    // "everyone who hasn't logged a workout": the people are the subject of what they did.
    head = `they ${whoMatch[1]}`;
    body = whoMatch[2]!;
  } else if (nonMatch !== null) {
    const word = nonMatch[1].toLowerCase();
    const verb = /open/.test(word) ? 'open it' : /click/.test(word) ? 'click' : 'purchase';
    head = `${/^non/.test(word) ? "they don't" : 'they'} ${verb}${nonMatch[2] !== undefined ? ` within ${nonMatch[2]}` : ''}`;
    body = nonMatch[3]!;
  } else {
    return undefined;
  }
  body = body.replace(
    /^(?:they\s+)?(?:should\s+)?(?:get|gets|receive|receives|are sent|will get)\s+/i,
    'send ',
  );
  head = head.replace(
    UN_STATE,
    (_whole, verb: string, still = '', done: string) => `${verb} ${still}not ${done}`,
  );
  const split =
    /[,;]?\s*(?:otherwise|else|if not|and if not|but if not|if they don't|if they do not|or else)\s*,?\s*(.+)$/i.exec(
      body,
    );
  if (split !== null) {
    elseBody = split[1]!;
    body = body.slice(0, split.index);
  }
  // "within 3 days" may sit in the body: "if they don't open it, send an SMS after 2 days"
  const branching = branchingOf(head, body, state);
  if (branching === undefined) return undefined;
  const { step, positive, negative, fresh, defaulted } = branching;
  const thenSteps = parseActions(
    body.replace(/^\s*(?:within|after)\s+\S+\s+(?:days?|hours?|weeks?)\s*,?\s*/i, ''),
    state.context,
  );
  if (thenSteps === undefined) return false;
  positive.push(...thenSteps);
  if (elseBody !== undefined) {
    const elseSteps = parseActions(elseBody, state.context);
    if (elseSteps === undefined) return false;
    negative.push(...elseSteps);
  }
  if (fresh) fallbackTarget(step, positive, state).push(step);
  if (defaulted) foldWindow(step, state);
  const negated = step.kind === 'wait_event' ? positive === step.onTimeout : /^not \(/.test(step.expression);
  state.lastBranching =
    elseBody === undefined ? { step, otherwise: negative, defaulted, negated } : undefined;
  return true;
}

/**
 * Where a new conditional goes: after the journey so far, or, when it is a fallback for the
 * fallback ("if the email isn't opened, send an SMS; if the SMS gets no reply, send a WhatsApp"),
 * at the end of the last conditional's no-event branch, which only those customers took.
 */
function fallbackTarget(step: Branching, positive: Step[], state: ReaderState): Step[] {
  const steps = state.plan.steps;
  const last = steps[steps.length - 1];
  if (
    step.kind === 'wait_event' &&
    positive === step.onTimeout &&
    last?.kind === 'wait_event' &&
    last !== step &&
    last.onEvent.length === 0 &&
    last.onTimeout.length > 0 &&
    last.onTimeout[last.onTimeout.length - 1].kind === 'send' &&
    (step.event === last.event || /^(?:email|sms|push|whatsapp|message)_/.test(step.event))
  ) {
    return last.onTimeout;
  }
  return steps;
}

interface BranchingTarget {
  step: Branching;
  /** The branch the sentence's body goes to. */
  positive: Step[];
  negative: Step[];
  /** False when the sentence filled the branches of a step already in the plan. */
  fresh: boolean;
  /** The brief gave no window for the event: the designer's default stands in. */
  defaulted?: boolean;
}

/**
 * "If they click it, ...; otherwise send an SMS after 4 days": without a window of its own, a
 * delay that opens the no-event branch is the window.
 */
function foldWindow(step: Branching, state: ReaderState): void {
  if (step.kind !== 'wait_event') return;
  const first = step.onTimeout[0];
  if (first?.kind !== 'wait') return;
  step.timeout = first.duration;
  step.onTimeout.shift();
  dropDefaultNote(step, state);
}

function dropDefaultNote(step: Extract<Step, { kind: 'wait_event' }>, state: ReaderState): void {
  const words = `No time limit was given for ${step.event.replace(/_/g, ' ')}`;
  const note = state.plan.notes.findIndex((text) => text.startsWith(words));
  if (note !== -1) state.plan.notes.splice(note, 1);
}
function branchingOf(head: string, body: string, state: ReaderState): BranchingTarget | undefined {
  const profileFirst = PROFILE_WORDS.test(head);
  if (profileFirst) {
    const condition = parseCondition(head);
    if (condition !== undefined) return conditionTarget(condition.expression, condition.label);
  }
  const event = eventOf(head, state.context.lastChannel) ?? pronounEvent(head, state.plan);
  if (event !== undefined) {
    const negated = NEGATED_EVENT.test(head);
    const timeout =
      findDuration(head) ??
      findDuration(/^\s*(?:within|after)\s+\S+\s+(?:days?|hours?|weeks?)/i.exec(body)?.[0] ?? '');
    const steps = state.plan.steps;
    const last = steps[steps.length - 1];
    let step: Extract<Step, { kind: 'wait_event' }>;
    let fresh = true;
    if (
      last?.kind === 'wait_event' &&
      last.event === event &&
      last.onEvent.length === 0 &&
      last.onTimeout.length === 0
    ) {
      // "Wait up to 7 days for a purchase. If they buy, ..." fills the wait that is already there.
      step = last;
      fresh = false;
    } else if (last?.kind === 'wait' && timeout === undefined) {
      // "Wait 3 days. If they haven't opened it, ..." : the wait becomes the window for the event.
      step = { kind: 'wait_event', event, timeout: last.duration, onEvent: [], onTimeout: [] };
      steps.pop();
    } else {
      if (timeout === undefined) {
        state.plan.notes.push(
          `No time limit was given for ${event.replace(/_/g, ' ')}, so the journey waits up to 3 days for it.`,
        );
      }
      step = {
        kind: 'wait_event',
        event,
        timeout: timeout ?? DEFAULT_EVENT_TIMEOUT,
        onEvent: [],
        onTimeout: [],
      };
    }
    const defaulted =
      fresh && timeout === undefined && step.timeout === DEFAULT_EVENT_TIMEOUT && last?.kind !== 'wait';
    return negated
      ? { step, positive: step.onTimeout, negative: step.onEvent, fresh, defaulted }
      : { step, positive: step.onEvent, negative: step.onTimeout, fresh, defaulted };
  }
  const condition = parseCondition(head);
  return condition === undefined ? undefined : conditionTarget(condition.expression, condition.label);
}

/**
 * "When a loan application is submitted, ... If it's approved, ...": "it" is the thing the trigger
 * names, so the event is that thing's (application_approved).
 */
function pronounEvent(head: string, plan: JourneyPlan): string | undefined {
  if (plan.entry.kind !== 'event') return undefined;
  const thing = /^([a-z0-9]+)_/.exec(plan.entry.event)?.[1];
  const match =
    /^(?:it|it's|its)\s+(?:still\s+)?(?:(?:is|was|gets|got|has been|isn't|is not|wasn't|doesn't get|hasn't been|remains|stays)\s+)?(?:still\s+)?(?:not\s+)?(?:yet\s+)?([a-z]+)\b/i.exec(
      head.trim(),
    );
  if (thing === undefined || match === null) return undefined;
  const done = pastParticiple(match[1], true);
  return done === undefined || !/(?:ed|en|ne|wn|id|ld|nt|ht)$/.test(done)
    ? undefined
    : `${thing}_${done.toLowerCase()}`;
}

function conditionTarget(expression: string, label: string): BranchingTarget {
  const step: Extract<Step, { kind: 'condition' }> = {
    kind: 'condition',
    expression,
    label,
    then: [],
    otherwise: [],
  };
  return { step, positive: step.then, negative: step.otherwise, fresh: true };
}

// --- splits and parallel branches -------------------------------------------------------------------

const VARIANT_NAMES = ['a', 'b', 'c', 'd', 'e'];

function readSplit(sentence: string, state: ReaderState): Step | undefined {
  // "70% get an email, 30% get an SMS" / "20% get a push and the rest get an email"
  const shares = [
    ...sentence.matchAll(
      /(\d{1,3})\s*%(?!(?:\s+[a-z-]+){0,2}\s*(?:off|discount|code|coupon|cash ?back|interest|apr|apy|more|less)\b)|\b(the rest|everyone else|the others|the remaining \d+\s*%?|the other half|half|(?:a|one|two) (?:third|quarter|fifth)s?)\b/gi,
    ),
  ];
  if (shares.length >= 2) {
    const variants: { name: string; percent: number; steps: Step[] }[] = [];
    for (const [i, share] of shares.entries()) {
      const end = shares[i + 1]?.index ?? sentence.length;
      const text = sentence
        .slice(share.index + share[0].length, end)
        .replace(
          /^\s*(?:of\s+(?:them|customers|users|people|the audience))?\s*(?:should\s+)?(?:get|gets|receive|receives|go to|are sent|will get)?\s*/i,
          'send ',
        )
        .replace(/(?:,|\band\b|\bwhile\b|;)\s*$/i, '')
        .trim();
      const steps = parseActions(text, state.context);
      if (steps === undefined || steps.length === 0) return undefined;
      const percent = share[1] !== undefined ? Number(share[1]) : fractionPercent(share[0]);
      variants.push({ name: VARIANT_NAMES[i] ?? `v${i}`, percent, steps });
    }
    // "Wait one day, then run a three-way test: a third get ...": what comes before the split.
    const lead = sentence
      .slice(0, shares[0].index)
      .replace(
        /(?:,\s*|\s+)?(?:and\s+)?(?:then\s+)?(?:(?:run|do|set up|start|launch)\s+)?(?:an?\s+)?(?:(?:two|three|four|five|\d)[- ]way\s+)?(?:a\/b(?:\/c)?[- ]?)?(?:split[- ]?)?(?:test|split)?(?:\s+(?:them|customers|users|people|players|members))?\s*(?:\d{1,3}\s*\/\s*\d{1,3}(?:\s*\/\s*\d{1,3})?)?\s*[:,-]?\s*$/i,
        '',
      )
      .trim();
    const split = finishSplit(variants);
    if (split === undefined) return undefined;
    if (lead !== '') {
      // A lead that is no action ("Send 70% of them ...") is the split's own verb.
      const before = parseActions(lead, state.context);
      if (before !== undefined) state.plan.steps.push(...before);
    }
    return split;
  }
  // "A/B test the welcome email 70/30", "split 50/50 between an email and an SMS"
  const ratio = /\b(\d{1,3})\s*\/\s*(\d{1,3})(?:\s*\/\s*(\d{1,3}))?\b/.exec(sentence);
  const percents =
    ratio !== null
      ? ratio
          .slice(1)
          .filter((part) => part !== undefined)
          .map(Number)
      : /a\/b\/c/i.test(sentence)
        ? [34, 33, 33]
        : [50, 50];
  const rest = sentence
    .replace(
      /\b(?:a\/b(?:\/c)?(?:[- ]test(?:ing)?)?|split[- ]test(?:ing)?|randomly split(?: them| customers| users)?|split(?: them| customers| users)?)\b/gi,
      ' ',
    )
    .replace(
      /\b(?:with|in|using|on)?\s*(?:a\s+)?\d{1,3}\s*\/\s*\d{1,3}(?:\s*\/\s*\d{1,3})?\s*(?:split)?\b/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
  const between = /\bbetween\s+(.+?)\s+and\s+(.+)$/i.exec(rest);
  if (between !== null) {
    const first = parseAction(`send ${between[1].replace(/^send\s+/i, '')}`, state.context);
    const second = parseAction(`send ${between[2].replace(/^send\s+/i, '')}`, state.context);
    if (first === undefined || second === undefined || percents.length !== 2) return undefined;
    return finishSplit([
      { name: 'a', percent: percents[0], steps: first },
      { name: 'b', percent: percents[1], steps: second },
    ]);
  }
  const base = parseActions(rest.replace(/^(?:the|of the|on the)\s+/i, 'send the '), state.context);
  const send = base?.find((step) => step.kind === 'send');
  if (base === undefined || send === undefined || send.kind !== 'send') return undefined;
  const before = base.slice(0, base.indexOf(send));
  state.plan.steps.push(...before);
  return finishSplit(
    percents.map((percent, i) => ({
      name: VARIANT_NAMES[i],
      percent,
      steps: [{ ...send, topic: `${send.topic === '' ? 'version' : send.topic} ${VARIANT_NAMES[i]}`.trim() }],
    })),
  );
}

/** "Group A gets a push, group B gets an email": the variants of the split just announced. */
function readGroups(sentence: string, shares: number[], state: ReaderState): Step | undefined {
  const pieces = sentence
    .split(
      /(?:,\s*(?:and\s+)?|;\s*|\s+and\s+|\s+while\s+)(?=(?:group|variant|version|arm|cohort|bucket)\s+\w+\b)/i,
    )
    .map((piece) => piece.trim());
  if (pieces.length !== shares.length) return undefined;
  const variants: { name: string; percent: number; steps: Step[] }[] = [];
  for (const [i, piece] of pieces.entries()) {
    const named =
      /^(?:group|variant|version|arm|cohort|bucket)\s+\w+\s*(?::|gets?|receives?|(?:is|are) sent|sees?)?\s*(.+)$/i.exec(
        piece,
      );
    if (named === null) return undefined;
    const steps = parseActions(`send ${named[1].replace(/^send\s+/i, '')}`, state.context);
    if (steps === undefined || steps.length === 0) return undefined;
    variants.push({ name: VARIANT_NAMES[i] ?? `v${i}`, percent: shares[i], steps });
  }
  return finishSplit(variants);
}

/** "half" -> 50, "a third" -> 33, "two quarters" -> 50; NaN for "the rest" (what is left). */
function fractionPercent(words: string): number {
  const match = /^(?:(a|one|two)\s+)?(half|third|quarter|fifth)s?$/i.exec(words.trim());
  if (match === null) return Number.NaN;
  const parts = { half: 2, third: 3, quarter: 4, fifth: 5 }[match[2].toLowerCase() as 'half'];
  const count = match[1]?.toLowerCase() === 'two' ? 2 : 1;
  return Math.floor((100 * count) / parts);
}

function finishSplit(variants: { name: string; percent: number; steps: Step[] }[]): Step | undefined {
  if (variants.length < 2 || variants.length > 5) return undefined;
  const known = variants
    .filter((variant) => !Number.isNaN(variant.percent))
    .reduce((sum, v) => sum + v.percent, 0);
  const unknown = variants.filter((variant) => Number.isNaN(variant.percent));
  for (const variant of unknown) variant.percent = Math.floor((100 - known) / unknown.length);
  if (unknown.length > 0) unknown[0].percent += 100 - known - unknown.reduce((sum, v) => sum + v.percent, 0);
  let total = variants.reduce((sum, v) => sum + v.percent, 0);
  // Thirds and the like round down: the first variant takes the last point or two.
  if (total >= 98 && total < 100 && unknown.length === 0) {
    variants[0].percent += 100 - total;
    total = 100;
  }
  if (total !== 100 || variants.some((variant) => variant.percent < 0)) return undefined;
  return { kind: 'split', variants };
}

function readParallel(whole: string, state: ReaderState): boolean {
  // "Send X and Y simultaneously, then a week later send Z": what follows "then" comes after.
  const after =
    /^(.*\b(?:at the same time|simultaneously|in parallel)\b)\s*(?:,\s*|\s+)(?:and\s+)?then\b\s*(.+)$/i.exec(
      whole,
    );
  const sentence = after === null ? whole : after[1];
  if (after !== null) {
    const later = parseActions(after[2], { ...state.context });
    if (later === undefined) return false;
    if (!readParallel(sentence, state)) return false;
    state.plan.steps.push(...parseActions(after[2], state.context)!);
    return true;
  }
  const rest = sentence
    .replace(/\b(?:at the same time|simultaneously|in parallel|meanwhile|alongside)\b[,:]?/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const phrases = rest
    .replace(/^(?:send|also send|we send)\s+/i, '')
    .split(/\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s+plus\s+)\s*/i)
    .filter((phrase) => phrase.trim() !== '');
  const branches: Step[][] = [];
  for (const phrase of phrases) {
    const steps = parseAction(
      /^(?:send|add|tag|remove|call|notify|set|update|wait|email|text)\b/i.test(phrase)
        ? phrase
        : `send ${phrase}`,
      state.context,
    );
    if (steps === undefined || steps.length === 0) return false;
    branches.push(steps);
  }
  if (branches.length === 0) return false;
  if (branches.length === 1) {
    // "Send a welcome email. At the same time, send a push." pairs with the previous step.
    const previous = state.plan.steps.pop();
    if (previous === undefined) {
      state.plan.steps.push(...branches[0]);
      return true;
    }
    branches.unshift([previous]);
  }
  const names = new Set<string>();
  state.plan.steps.push({
    kind: 'parallel',
    branches: branches.slice(0, 10).map((steps) => {
      const first = steps[0];
      const base = first.kind === 'send' ? first.channel : first.kind;
      let name: string = base;
      for (let n = 2; names.has(name); n += 1) name = `${base}_${n}`;
      names.add(name);
      return { name, steps };
    }),
  });
  return true;
}
