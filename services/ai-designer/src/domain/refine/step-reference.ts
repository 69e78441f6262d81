/**
 * Finding the step an instruction talks about: "the first email", "the welcome email", "the
 * 3-day wait", "the last SMS", "step 4", "the split". Ordinals count in the order customers
 * meet the steps (the explanation's numbering).
 */
import type { JourneyGraph, JourneyNode, NodeType } from '@kalcifer/journey';
import { DesignError } from '../design/design-error';
import { findDuration } from '../language/durations';
import { topologicalOrder } from '../explain/explain-graph';

const KIND_WORDS: [RegExp, NodeType[]][] = [
  [/\bwhats\s?app\b/i, ['send_whatsapp']],
  [/\b(?:push(?:es)?|notifications?)\b/i, ['send_push']],
  [/\b(?:sms(?:es)?|texts?)\b/i, ['send_sms']],
  [/\b(?:e-?mails?|newsletters?)\b/i, ['send_email']],
  [/\b(?:webhooks?|crm)\b/i, ['call_webhook']],
  [/\b(?:wait for|window)\b/i, ['wait_for_event']],
  [/\b(?:waits?|delays?|pauses?)\b/i, ['wait', 'wait_for_event', 'wait_until']],
  [/\b(?:conditions?|checks?|branch(?:es)?)\b/i, ['condition']],
  [/\b(?:a\/b|splits?|tests?|experiments?)\b/i, ['ab_split']],
  [/\b(?:caps?|frequency)\b/i, ['frequency_cap']],
  [/\b(?:tags?)\b/i, ['add_tag', 'remove_tag']],
  [/\b(?:exits?|ends?)\b/i, ['exit']],
  [/\b(?:messages?|sends?|steps?)\b/i, ['send_email', 'send_sms', 'send_push', 'send_whatsapp']],
];

const ORDINALS: [RegExp, number][] = [
  [/\b(?:first|1st)\b/i, 0],
  [/\b(?:second|2nd)\b/i, 1],
  [/\b(?:third|3rd)\b/i, 2],
  [/\b(?:fourth|4th)\b/i, 3],
  [/\b(?:fifth|5th)\b/i, 4],
  [/\b(?:last|final)\b/i, -1],
];

const IGNORED = new Set([
  'the',
  'a',
  'an',
  'to',
  'of',
  'on',
  'in',
  'for',
  'with',
  'and',
  'step',
  'message',
  'first',
  'second',
  'third',
  'last',
  'final',
  'one',
  'that',
  'this',
  'it',
  'them',
  'day',
  'days',
  'hour',
  'hours',
  'instead',
]);

export function steps(graph: JourneyGraph): JourneyNode[] {
  return topologicalOrder(graph).filter((node) => !node.type.endsWith('_entry'));
}

/** Does the text name a kind of step? Returns the kinds it names, in priority order. */
export function kindsNamed(text: string): NodeType[] | undefined {
  for (const [pattern, kinds] of KIND_WORDS) if (pattern.test(text)) return kinds;
  return undefined;
}

function describesNode(node: JourneyNode, words: string[]): boolean {
  const haystack = `${node.name ?? ''} ${JSON.stringify(node.config)}`.toLowerCase();
  return words.some((word) => haystack.includes(word));
}

/** The step a phrase names; throws step_not_found saying what exists when none fits. */
export function resolveStep(graph: JourneyGraph, phrase: string, fallbackKinds?: NodeType[]): JourneyNode {
  const ordered = steps(graph);
  const numbered = /\bstep\s+(\d+)\b/i.exec(phrase);
  if (numbered !== null) {
    const node = ordered[Number(numbered[1]) - 1];
    if (node !== undefined) return node;
    throw new DesignError(
      'step_not_found',
      `There is no step ${numbered[1]}; the journey has ${ordered.length} steps`,
    );
  }
  const kinds = kindsNamed(phrase) ?? fallbackKinds;
  let candidates = kinds === undefined ? ordered : ordered.filter((node) => kinds.includes(node.type));
  if (kinds !== undefined && kinds.length > 1) {
    // "the wait" prefers a plain wait; "the message" any send, in order.
    const preferred = candidates.filter((node) => node.type === kinds[0]);
    if (preferred.length > 0 && !/\bmessage|\bsend|\bstep/i.test(phrase))
      candidates = preferred.concat(candidates.filter((n) => n.type !== kinds[0]));
  }
  const duration = findDuration(phrase);
  if (duration !== undefined) {
    const timed = candidates.filter(
      (node) => node.config.duration === duration || node.config.timeout === duration,
    );
    if (timed.length > 0) candidates = timed;
  }
  const words = phrase
    .toLowerCase()
    .replace(/\b\d+[- ]?(?:days?|hours?|minutes?|weeks?)\b/g, ' ')
    .split(/[^a-z0-9_-]+/)
    .filter((word) => word.length > 2 && !IGNORED.has(word) && kindsNamed(word) === undefined);
  if (words.length > 0) {
    const described = candidates.filter((node) => describesNode(node, words));
    if (described.length > 0) candidates = described;
  }
  const ordinal = ORDINALS.find(([pattern]) => pattern.test(phrase))?.[1] ?? 0;
  const node = ordinal < 0 ? candidates[candidates.length + ordinal] : candidates[ordinal];
  if (node === undefined) {
    const names = ordered.map((step, i) => `${i + 1}. ${step.name ?? step.id}`).join(', ');
    throw new DesignError(
      'step_not_found',
      `No step matches "${phrase.trim()}"; the journey's steps are: ${names}`,
    );
  }
  return node;
}
