/**
 * Refinement instructions, one reader per class. Each returns the edited graph and a sentence
 * saying what changed, or undefined when the instruction is not of its class.
 */
import type { JourneyGraph, JourneyNode } from '@kalcifer/journey';
import { channelType, sendNode } from '../brief/build-graph';
import type { JourneyPlan, Step } from '../brief/journey-plan';
import { parseAction } from '../brief/parse-action';
import { findCap, findGoalOrExit } from '../brief/parse-rules';
import { DesignError } from '../design/design-error';
import { describeDuration, findDurations } from '../language/durations';
import { eventOf, findChannels, type Channel } from '../language/lexicon';
import {
  cloneGraph,
  insertAfter,
  insertBefore,
  nextId,
  outEdges,
  removeNode,
  replaceNode,
} from './graph-edit';
import { resolveStep, steps } from './step-reference';

export interface Edit {
  graph: JourneyGraph;
  summary: string;
}

type Reader = (graph: JourneyGraph, instruction: string) => Edit | undefined;

const label = (node: JourneyNode): string => `"${node.name ?? node.id}"`;

/** "make the wait 5 days instead of 3", "change the 3-day wait to 5 days", "wait 2 hours, not 1 day" */
const changeWait: Reader = (graph, instruction) => {
  if (!/\b(?:wait|delay|pause|timeout|window)\b/i.test(instruction) || /^\s*add\b/i.test(instruction))
    return undefined;
  const durations = findDurations(instruction);
  const instead =
    /\b(?:instead of|rather than|not|from)\s+(\d+)(?:\s*[- ]?(minutes?|hours?|days?|weeks?))?/i.exec(
      instruction,
    );
  const newDuration = durations.find(
    (found) =>
      instead === null || found.index < instead.index || found.index > instead.index + instead[0].length,
  );
  if (newDuration === undefined) return undefined;
  let oldIso: string | undefined;
  if (instead !== null) {
    const unitWord =
      instead[2] ??
      /(minute|hour|day|week)/i.exec(
        instruction.slice(newDuration.index, newDuration.index + newDuration.length),
      )?.[1] ??
      'day';
    oldIso = findDurations(`${instead[1]} ${unitWord}${Number(instead[1]) === 1 ? '' : 's'}`)[0]?.iso;
  } else if (durations.length >= 2) {
    oldIso = durations[0].iso;
  }
  const target = durations.length >= 2 && instead === null ? durations[1].iso : newDuration.iso;
  const waits = steps(graph).filter(
    (node) => node.type === 'wait' || (node.type === 'wait_for_event' && node.config.timeout !== undefined),
  );
  const node =
    (oldIso !== undefined
      ? waits.find((w) => w.config.duration === oldIso || w.config.timeout === oldIso)
      : undefined) ??
    resolveStep(graph, instruction.replace(/\b(?:to|for)\s+\d+.*$/i, ''), ['wait', 'wait_for_event']);
  if (node.type !== 'wait' && node.type !== 'wait_for_event') {
    throw new DesignError(
      'step_not_found',
      `${label(node)} is not a wait; name the wait to change, e.g. "the 3-day wait"`,
    );
  }
  const field = node.type === 'wait' ? 'duration' : 'timeout';
  const before = String(node.config[field]);
  const name = node.type === 'wait' ? `Wait ${target}` : node.name;
  return {
    graph: replaceNode(graph, node.id, {
      config: { ...node.config, [field]: target },
      ...(name !== undefined ? { name } : {}),
    }),
    summary: `${label(node)} now waits ${describeDuration(target)} instead of ${describeDuration(before)}.`,
  };
};

/** "add SMS fallback for non-openers", "if they don't open the first email, send a push after 2 days" */
const addFallback: Reader = (graph, instruction) => {
  const match =
    /\b(?:fallback|follow[- ]?up|reminder|resend)\b.*\b(?:non-?openers|non-?clickers|(?:who|that|they) (?:don't|do not|didn't|haven't|never) (?:open|click|read))|\b(?:non-?openers|non-?clickers)\b.*\b(?:get|receive|should get)\b|\bif they (?:don't|do not|haven't|didn't) (?:open|click|read)/i.exec(
      instruction,
    );
  if (match === null) return undefined;
  const channels = findChannels(instruction);
  const onClick = /click/i.test(instruction);
  // The message to follow up: a named one, else the first email.
  const refText =
    /\b(?:to|on|of|after|for)\s+(the\s+[^,.]*?(?:e-?mail|sms|push|notification|whatsapp|message)\b)/i.exec(
      instruction,
    )?.[1];
  const source = resolveStep(graph, refText ?? 'the first email', ['send_email']);
  const fallbackChannel: Channel =
    channels.find((found) => !(refText ?? '').toLowerCase().includes(found.word.toLowerCase()))?.channel ??
    'sms';
  const sourceChannel = source.type.replace('send_', '') as Channel;
  const event = eventOf(onClick ? 'click' : 'open', sourceChannel) ?? 'email_opened';
  const timeout = findDurations(instruction)[0]?.iso ?? 'P2D';
  const { graph: next, fallback } = addFollowUp(graph, source, fallbackChannel, event, timeout);
  return {
    graph: next,
    summary: `Customers who do not ${onClick ? 'click' : 'open'} ${label(source)} within ${describeDuration(timeout)} now get ${label(fallback)}.`,
  };
};

/**
 * After `source`, waits up to `timeout` for `event`; customers without it get a follow-up on
 * `channel` and then carry on with the rest of the journey like everyone else.
 */
export function addFollowUp(
  graph: JourneyGraph,
  source: JourneyNode,
  channel: Channel,
  event: string,
  timeout: string,
): { graph: JourneyGraph; fallback: JourneyNode } {
  const sendId = nextId(graph, channel);
  const fallback = sendNode({ kind: 'send', channel, topic: 'reminder' }, sendId);
  const follower = outEdges(graph, source.id).find((edge) => edge.output === 'next');
  const existing = follower === undefined ? undefined : graph.nodes.find((node) => node.id === follower.to);
  let next: JourneyGraph;
  if (
    existing?.type === 'wait_for_event' &&
    existing.config.event === event &&
    existing.config.timeout !== undefined
  ) {
    // There is already a window for the event: the follow-up goes first on its timeout branch.
    next = cloneGraph(graph);
    next.nodes.push(fallback);
    for (const edge of next.edges) {
      if (edge.from === existing.id && edge.output === 'timeout') {
        edge.from = sendId;
        edge.output = 'next';
      }
    }
    next.edges.push({ from: existing.id, to: sendId, output: 'timeout' });
  } else {
    const waitId = nextId(graph, 'wait_event');
    const wait: JourneyNode = {
      id: waitId,
      type: 'wait_for_event',
      name: `Wait for ${event.replace(/_/g, ' ')}`,
      config: { event, timeout },
    };
    next = insertAfter(graph, source.id, wait, 'event');
    next.nodes.push(fallback);
    next.edges.push({ from: waitId, to: sendId, output: 'timeout' });
    // Customers without the event continue after the follow-up, like those with it.
    for (const edge of outEdges(next, waitId).filter((e) => e.output === 'event')) {
      next.edges.push({ from: sendId, to: edge.to, output: 'next' });
    }
    if (outEdges(next, waitId).every((e) => e.output !== 'event')) {
      // Those with the event are done: their path ends (only theirs, should a parallel branch run on).
      const endId = nextId(next, 'end');
      next.nodes.push({ id: endId, type: 'end', name: 'End of this path', config: {} });
      next.edges.push({ from: waitId, to: endId, output: 'event' });
    }
  }
  return { graph: next, fallback };
}

/** "add an A/B test on the first email with 70/30 split", "test two versions of the SMS" */
const addAbTest: Reader = (graph, instruction) => {
  if (
    !/\b(?:a\/b|split[- ]test|test two versions|test (?:2|two|three) variants|ab test)\b/i.test(instruction)
  )
    return undefined;
  const ratio = /\b(\d{1,3})\s*\/\s*(\d{1,3})(?:\s*\/\s*(\d{1,3}))?\b/.exec(instruction);
  const percents =
    ratio !== null
      ? ratio
          .slice(1)
          .filter((p) => p !== undefined)
          .map(Number)
      : [50, 50];
  if (percents.reduce((a, b) => a + b, 0) !== 100) {
    throw new DesignError(
      'instruction_not_understood',
      `The split ${percents.join('/')} does not add up to 100`,
    );
  }
  const refText =
    /\b(?:on|of|for)\s+(the\s+.+?)(?:\s+with\b|\s+\d{1,3}\s*\/|$)/i.exec(instruction)?.[1] ?? instruction;
  const target = resolveStep(graph, refText, ['send_email', 'send_sms', 'send_push', 'send_whatsapp']);
  const splitId = nextId(graph, 'split');
  const names = ['a', 'b', 'c'].slice(0, percents.length);
  let next = insertBefore(
    graph,
    target.id,
    {
      id: splitId,
      type: 'ab_split',
      name: `A/B test ${percents.join('/')}`,
      config: { variants: names.map((name, i) => ({ name, percent: percents[i] })) },
    },
    'variant:a',
  );
  const followers = outEdges(next, target.id);
  for (const name of names.slice(1)) {
    const copyId = nextId(next, target.id.replace(/_\d+$/, ''));
    const config = { ...target.config };
    if (typeof config.template === 'string') config.template = `${config.template}_${name}`;
    if (typeof config.subject === 'string') config.subject = `${config.subject} (${name.toUpperCase()})`;
    next.nodes.push({
      ...target,
      id: copyId,
      name: `${target.name ?? target.id} (${name.toUpperCase()})`,
      config,
      position: undefined,
    });
    next.edges.push({ from: splitId, to: copyId, output: `variant:${name}` });
    for (const edge of followers) next.edges.push({ from: copyId, to: edge.to, output: edge.output });
  }
  next = cloneGraph(next);
  return {
    graph: next,
    summary: `${label(target)} is now an A/B test: ${names.map((n, i) => `${percents[i]}% variant ${n.toUpperCase()}`).join(', ')}.`,
  };
};

/** "change the SMS to WhatsApp", "send the reminder as a push instead", "use push instead of SMS" */
const changeChannel: Reader = (graph, instruction) => {
  const channels = findChannels(instruction);
  if (
    channels.length === 0 ||
    !/\b(?:instead|change|switch|turn|convert|make|use|as an?|by|via|into)\b/i.test(instruction)
  )
    return undefined;
  if (/^\s*(?:add|remove|delete)\b/i.test(instruction)) return undefined;
  const insteadOf = /\b(\w[\w ]*?)\s+instead of\s+(?:the\s+)?(.+)$/i.exec(instruction);
  let refText: string;
  let newChannel: Channel;
  if (insteadOf !== null && /^(?:use|send|with)\b/i.test(insteadOf[1].trim())) {
    refText = `the ${insteadOf[2]}`;
    newChannel = channels[0].channel;
  } else {
    const last = channels[channels.length - 1];
    newChannel = last.channel;
    refText = instruction.slice(0, last.index);
  }
  const target = resolveStep(graph, refText, ['send_email', 'send_sms', 'send_push', 'send_whatsapp']);
  if (target.type === channelType(newChannel)) return undefined;
  if (!target.type.startsWith('send_') && target.type !== 'call_webhook') {
    throw new DesignError(
      'step_not_found',
      `${label(target)} is not a message; name the message whose channel to change`,
    );
  }
  const topic = (target.name ?? '')
    .replace(/\b(?:e-?mail|sms|push notification|whatsapp message|webhook call)\b/i, '')
    .trim()
    .toLowerCase();
  const replacement = sendNode({ kind: 'send', channel: newChannel, topic }, target.id);
  return {
    graph: replaceNode(graph, target.id, {
      type: replacement.type,
      config: replacement.config,
      name: replacement.name!,
    }),
    summary: `${label(target)} is now sent as ${label(replacement)}.`,
  };
};

/** "remove the second email", "delete the wait", "drop the SMS fallback" */
const removeStep: Reader = (graph, instruction) => {
  const match = /^\s*(?:please\s+)?(?:remove|delete|drop|get rid of|skip|take out)\s+(.+)$/i.exec(
    instruction,
  );
  if (match === null) return undefined;
  const what = match[1];
  if (/^(?:the\s+)?(?:goal|conversion goal)\b/i.test(what)) {
    const next = cloneGraph(graph);
    delete next.goal;
    return { graph: next, summary: 'The journey has no goal any more.' };
  }
  if (/^(?:the\s+)?exit (?:criteria|rule|condition)\b/i.test(what)) {
    const next = cloneGraph(graph);
    delete next.exitCriteria;
    return { graph: next, summary: 'The journey has no exit criteria any more.' };
  }
  const target = resolveStep(graph, what);
  return {
    graph: removeNode(graph, target.id),
    summary: `Removed ${label(target)}; the steps around it are reconnected.`,
  };
};

/** 'rename the first email to "Hello there"', 'call the SMS "Last chance"' */
const rename: Reader = (graph, instruction) => {
  const match = /^\s*(?:rename|call|name|title)\s+(.+?)\s+(?:to|as)?\s*["“']([^"”']{1,100})["”']\s*$/i.exec(
    instruction,
  );
  if (match === null) return undefined;
  const target = resolveStep(graph, match[1]);
  return {
    graph: replaceNode(graph, target.id, { name: match[2] }),
    summary: `${label(target)} is now called "${match[2]}".`,
  };
};

/** "make the split 80/20" */
const changeSplit: Reader = (graph, instruction) => {
  const ratio = /\b(\d{1,3})\s*\/\s*(\d{1,3})(?:\s*\/\s*(\d{1,3}))?\b/.exec(instruction);
  if (ratio === null || !/\b(?:split|test|ratio|variants?)\b/i.test(instruction)) return undefined;
  const target = resolveStep(graph, instruction.slice(0, ratio.index), ['ab_split']);
  if (target.type !== 'ab_split') return undefined;
  const percents = ratio
    .slice(1)
    .filter((p) => p !== undefined)
    .map(Number);
  const variants = target.config.variants as { name: string; percent: number }[];
  if (percents.length !== variants.length || percents.reduce((a, b) => a + b, 0) !== 100) {
    throw new DesignError(
      'instruction_not_understood',
      `Give ${variants.length} percents that add up to 100, e.g. ${variants.length === 2 ? '80/20' : '40/30/30'}`,
    );
  }
  return {
    graph: replaceNode(graph, target.id, {
      config: { variants: variants.map((v, i) => ({ name: v.name, percent: percents[i] })) },
      name: `A/B split ${percents.join('/')}`,
    }),
    summary: `${label(target)} now splits ${percents.join('/')}.`,
  };
};

/** "add a cap of 3 messages per week", "no more than 1 SMS a day" */
const addCap: Reader = (graph, instruction) => {
  const found = findCap(instruction);
  if (found === undefined) return undefined;
  const { cap } = found;
  let next = cloneGraph(graph);
  const guarded: string[] = [];
  for (const node of steps(graph)) {
    const channel =
      node.type === 'call_webhook'
        ? 'webhook'
        : node.type.startsWith('send_')
          ? node.type.slice(5)
          : undefined;
    if (channel === undefined || (cap.channel !== 'any' && cap.channel !== channel)) continue;
    const already = next.edges.some(
      (edge) =>
        edge.to === node.id &&
        edge.output === 'within' &&
        next.nodes.find((n) => n.id === edge.from)?.type === 'frequency_cap',
    );
    if (already) continue;
    const capId = nextId(next, 'cap');
    const followers = outEdges(next, node.id);
    next = insertBefore(
      next,
      node.id,
      {
        id: capId,
        type: 'frequency_cap',
        name: `At most ${cap.limit} per ${cap.window}`,
        config: { ...cap },
      },
      'within',
    );
    // Over the cap the message is skipped and the customer carries on.
    for (const edge of followers.filter((e) => e.output === 'next'))
      next.edges.push({ from: capId, to: edge.to, output: 'exceeded' });
    guarded.push(node.id);
  }
  if (guarded.length === 0) {
    throw new DesignError(
      'step_not_found',
      `No ${cap.channel === 'any' ? '' : `${cap.channel} `}message without a cap to limit`,
    );
  }
  return {
    graph: next,
    summary: `At most ${cap.limit} ${cap.channel === 'any' ? 'messages' : cap.channel} per ${describeDuration(cap.window)}: ${guarded.length} message(s) now check the cap first.`,
  };
};

/** "the goal is a purchase", "exit when they unsubscribe" */
const goalOrExit: Reader = (graph, instruction) => {
  const plan: JourneyPlan = { entry: { kind: 'manual' }, steps: [], caps: [], notes: [], unparsed: [] };
  if (graph.goal !== undefined)
    plan.goal = { event: graph.goal.event, exitOnGoal: graph.goal.exitOnGoal === true };
  const rest = findGoalOrExit(instruction, plan);
  if (rest === undefined) return undefined;
  const next = cloneGraph(graph);
  if (plan.goal !== undefined)
    next.goal = { event: plan.goal.event, ...(plan.goal.exitOnGoal ? { exitOnGoal: true } : {}) };
  if (plan.exitCriteria !== undefined) next.exitCriteria = plan.exitCriteria.expression;
  return {
    graph: next,
    summary:
      plan.exitCriteria !== undefined
        ? `Customers now leave when ${plan.exitCriteria.label}.`
        : `The goal is now "${plan.goal!.event.replace(/_/g, ' ')}"${plan.goal!.exitOnGoal ? ', and reaching it ends the journey' : ''}.`,
  };
};

/** "add a 2-day wait after the welcome email", "add a push notification at the end", "add a tag vip before the SMS" */
const addStep: Reader = (graph, instruction) => {
  const match =
    /^\s*(?:please\s+)?(?:add|insert|include|put)\s+(.+?)(?:\s+(after|before)\s+(.+?)|\s+at the (end|start|beginning))?\s*$/i.exec(
      instruction,
    );
  if (match === null) return undefined;
  const phrase = match[1].replace(/^(?:an?|another|one more)\s+/i, '');
  const durations = findDurations(phrase);
  const parsed: Step[] | undefined =
    /\b(?:wait|delay|pause)\b/i.test(phrase) && durations.length > 0
      ? [{ kind: 'wait', duration: durations[0].iso }]
      : parseAction(
          /^(?:tag|the tag)\b/i.test(phrase) ? `add ${phrase}` : `send ${phrase.replace(/^send\s+/i, '')}`,
          { notes: [] },
        );
  const step = parsed?.[0];
  if (step === undefined || (step.kind !== 'send' && step.kind !== 'wait' && step.kind !== 'tag'))
    return undefined;
  const ordered = steps(graph);
  let node: JourneyNode;
  if (step.kind === 'send') node = sendNode(step, nextId(graph, step.channel));
  else if (step.kind === 'wait')
    node = {
      id: nextId(graph, 'wait'),
      type: 'wait',
      name: `Wait ${step.duration}`,
      config: { duration: step.duration },
    };
  else
    node = {
      id: nextId(graph, 'tag'),
      type: step.add ? 'add_tag' : 'remove_tag',
      name: `Tag ${step.tag}`,
      config: { tag: step.tag },
    };
  const where =
    match[2]?.toLowerCase() ??
    (match[4] !== undefined ? (match[4].toLowerCase() === 'end' ? 'end' : 'start') : 'end');
  let next: JourneyGraph;
  let place: string;
  if (where === 'after' || where === 'before') {
    const anchor = resolveStep(graph, match[3]);
    if (where === 'after' && outEdges(graph, anchor.id).some((edge) => edge.output !== 'next')) {
      throw new DesignError(
        'instruction_not_understood',
        `${label(anchor)} branches; say which branch to add the step to, or add it before a step of that branch`,
      );
    }
    next = where === 'after' ? insertAfter(graph, anchor.id, node) : insertBefore(graph, anchor.id, node);
    place = `${where} ${label(anchor)}`;
  } else if (where === 'start') {
    const entry = graph.nodes.find((n) => n.type.endsWith('_entry'))!;
    next = insertAfter(graph, entry.id, node);
    place = 'at the start';
  } else {
    // At the end of every path that ends in a message or a wait, or at an end node (not after
    // an exit): the new step comes last, before the path's end.
    const leaves = ordered.filter(
      (n) =>
        outEdges(graph, n.id).length === 0 &&
        n.type !== 'exit' &&
        n.type !== 'goal_reached' &&
        n.type !== 'end',
    );
    const ends = ordered.filter((n) => n.type === 'end');
    if (leaves.length === 0 && ends.length === 0)
      throw new DesignError(
        'instruction_not_understood',
        'Every path ends in an exit; say after which step to add it',
      );
    next = cloneGraph(graph);
    next.nodes.push(node);
    for (const leaf of leaves) next.edges.push({ from: leaf.id, to: node.id, output: 'next' });
    for (const end of ends) {
      for (const edge of next.edges) if (edge.to === end.id) edge.to = node.id;
    }
    next.nodes = next.nodes.filter((n) => n.type !== 'end');
    place = 'at the end';
  }
  return { graph: next, summary: `Added ${label(node)} ${place}.` };
};

/** Readers in the order they are tried: specific classes before general ones. */
export const INSTRUCTION_READERS: { name: string; read: Reader }[] = [
  { name: 'rename', read: rename },
  { name: 'add_fallback', read: addFallback },
  { name: 'add_ab_test', read: addAbTest },
  { name: 'change_split', read: changeSplit },
  { name: 'add_cap', read: addCap },
  { name: 'change_wait', read: changeWait },
  { name: 'remove_step', read: removeStep },
  { name: 'goal_or_exit', read: goalOrExit },
  { name: 'change_channel', read: changeChannel },
  { name: 'add_step', read: addStep },
];
