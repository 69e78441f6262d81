/**
 * A JourneyPlan to a journey graph. Steps are chained through "open ends" (a node and the output
 * a customer leaves it by); a branching step leaves several, and the next step joins them all,
 * except after a parallel step, whose later branches end on their own (a join would run the
 * rest of the journey once per branch). An output that must have an edge but has nothing after
 * it leads to an `end` node, which ends that path only: an `exit` there would also end the
 * customer's other parallel branches.
 */
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeType } from '@kalcifer/journey';
import { offsetWords } from '../language/durations';
import { CHANNEL_LABEL } from '../language/lexicon';
import { capitalise, slug } from '../language/sentences';
import type { CapSpec, EntrySpec, JourneyPlan, Step } from './journey-plan';

interface OpenEnd {
  from: string;
  output: string;
  /** The output must have an edge (condition false, timeout...): an end here needs an end node. */
  required: boolean;
}

class GraphWriter {
  readonly nodes: JourneyNode[] = [];
  readonly edges: JourneyEdge[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly caps: CapSpec[],
    private readonly sendWindow?: { start: string; end: string; days?: JourneyPlan['sendDays'] },
  ) {}

  id(prefix: string): string {
    const next = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, next);
    return `${prefix}_${next}`;
  }

  add(node: JourneyNode, ends: OpenEnd[]): void {
    this.nodes.push(node);
    for (const end of ends) this.edges.push({ from: end.from, to: node.id, output: end.output });
  }

  /** Writes the steps after the open ends and returns the ends left at the finish. */
  steps(steps: Step[], ends: OpenEnd[]): OpenEnd[] {
    let open = ends;
    for (const step of steps) {
      if (open.length === 0) break;
      open = this.step(step, open);
    }
    return open;
  }

  private step(step: Step, ends: OpenEnd[]): OpenEnd[] {
    const next = (id: string): OpenEnd[] => [{ from: id, output: 'next', required: false }];
    switch (step.kind) {
      case 'send':
        return this.send(step, ends);
      case 'wait': {
        const id = this.id('wait');
        this.add(
          { id, type: 'wait', name: `Wait ${step.duration}`, config: { duration: step.duration } },
          ends,
        );
        return next(id);
      }
      case 'wait_until': {
        const id = this.id('wait_until');
        this.add(
          {
            id,
            type: 'wait_until',
            name: `Wait until ${step.offset === undefined ? '' : `${offsetWords(step.offset)} `}${step.attribute}`,
            config: {
              attribute: step.attribute,
              ...(step.offset !== undefined ? { offset: step.offset } : {}),
            },
          },
          ends,
        );
        return next(id);
      }
      case 'wait_event': {
        const id = this.id('wait_event');
        const config: Record<string, unknown> = { event: step.event };
        if (step.timeout !== undefined) config.timeout = step.timeout;
        this.add(
          { id, type: 'wait_for_event', name: `Wait for ${step.event.replace(/_/g, ' ')}`, config },
          ends,
        );
        const onEvent = this.steps(step.onEvent, [
          { from: id, output: 'event', required: step.timeout !== undefined },
        ]);
        if (step.timeout === undefined) return onEvent;
        return [...onEvent, ...this.steps(step.onTimeout, [{ from: id, output: 'timeout', required: true }])];
      }
      case 'condition': {
        const id = this.id('condition');
        this.add(
          { id, type: 'condition', name: capitalise(step.label), config: { expression: step.expression } },
          ends,
        );
        return [
          ...this.steps(step.then, [{ from: id, output: 'true', required: true }]),
          ...this.steps(step.otherwise, [{ from: id, output: 'false', required: true }]),
        ];
      }
      case 'split': {
        const id = this.id('split');
        const variants = step.variants.map(({ name, percent }) => ({ name, percent }));
        const label = variants.map((variant) => variant.percent).join('/');
        this.add({ id, type: 'ab_split', name: `A/B split ${label}`, config: { variants } }, ends);
        return step.variants.flatMap((variant) =>
          this.steps(variant.steps, [{ from: id, output: `variant:${variant.name}`, required: true }]),
        );
      }
      case 'parallel': {
        const id = this.id('parallel');
        const branches = step.branches.map((branch) => branch.name);
        this.add({ id, type: 'parallel', name: 'At the same time', config: { branches } }, ends);
        const [first, ...others] = step.branches.map((branch) =>
          this.steps(branch.steps, [{ from: id, output: `branch:${branch.name}`, required: true }]),
        );
        // The other branches end where they are (each path on its own); the first carries the journey on.
        this.closePaths(others.flat());
        return first ?? [];
      }
      case 'tag': {
        const id = this.id(step.add ? 'tag' : 'untag');
        const type: NodeType = step.add ? 'add_tag' : 'remove_tag';
        this.add(
          { id, type, name: `${step.add ? 'Tag' : 'Untag'} ${step.tag}`, config: { tag: step.tag } },
          ends,
        );
        return next(id);
      }
      case 'update': {
        const id = this.id('profile');
        this.add(
          {
            id,
            type: 'update_profile',
            name: `Update ${Object.keys(step.set).join(', ')}`,
            config: { set: step.set },
          },
          ends,
        );
        return next(id);
      }
      case 'exit': {
        const id = this.id('exit');
        this.add(
          {
            id,
            type: 'exit',
            name: 'Exit',
            config: step.reason !== undefined ? { reason: step.reason } : {},
          },
          ends,
        );
        return [];
      }
      case 'goal_reached': {
        const id = this.id('goal');
        this.add({ id, type: 'goal_reached', name: 'Goal reached', config: {} }, ends);
        return next(id);
      }
    }
  }

  private send(step: Extract<Step, { kind: 'send' }>, ends: OpenEnd[]): OpenEnd[] {
    const cap =
      this.caps.find((candidate) => candidate.channel === step.channel) ??
      this.caps.find((candidate) => candidate.channel === 'any');
    let into = ends;
    let skipped: OpenEnd[] = [];
    if (cap !== undefined) {
      const capId = this.id('cap');
      const config: Record<string, unknown> = { channel: cap.channel, limit: cap.limit, window: cap.window };
      this.add(
        {
          id: capId,
          type: 'frequency_cap',
          name: `At most ${cap.limit} ${cap.channel === 'any' ? 'messages' : cap.channel} per ${cap.window}`,
          config,
        },
        ends,
      );
      into = [{ from: capId, output: 'within', required: false }];
      // Over the cap the message is skipped, not the rest of the journey.
      skipped = [{ from: capId, output: 'exceeded', required: false }];
    }
    const id = this.id(step.channel);
    const node = sendNode(step, id);
    if (this.sendWindow !== undefined && step.channel !== 'webhook')
      node.config.sendWindow = { ...this.sendWindow };
    this.add(node, into);
    return [{ from: id, output: 'next', required: false }, ...skipped];
  }

  /** Ends the paths that must not stop without an edge at an `end` node (that path only). */
  closePaths(ends: OpenEnd[]): void {
    const required = ends.filter((end) => end.required);
    if (required.length === 0) return;
    this.add({ id: this.id('end'), type: 'end', name: 'End of this path', config: {} }, required);
  }
}

/** The node of a send step. */
export function sendNode(step: Extract<Step, { kind: 'send' }>, id: string): JourneyNode {
  const name = capitalise(
    step.topic === '' ? CHANNEL_LABEL[step.channel] : `${step.topic} ${CHANNEL_LABEL[step.channel]}`,
  );
  return { id, type: channelType(step.channel), name, config: sendConfig(step, id) };
}

export function channelType(channel: Extract<Step, { kind: 'send' }>['channel']): NodeType {
  switch (channel) {
    case 'email':
      return 'send_email';
    case 'sms':
      return 'send_sms';
    case 'push':
      return 'send_push';
    case 'whatsapp':
      return 'send_whatsapp';
    case 'webhook':
      return 'call_webhook';
  }
}

function sendConfig(step: Extract<Step, { kind: 'send' }>, id: string): Record<string, unknown> {
  const template = slug(step.topic) || id;
  const body =
    step.text ??
    `Hi {{ customer.firstName }}, ${step.topic === '' ? 'we have news for you' : `here is your ${step.topic}`}.`;
  switch (step.channel) {
    case 'email':
      return step.text !== undefined ? { subject: step.text } : { template };
    case 'sms':
      return { body };
    case 'push':
      return { title: capitalise(step.topic === '' ? 'News for you' : step.topic), body };
    case 'whatsapp':
      return step.text !== undefined ? { body: step.text } : { template };
    case 'webhook':
      return { url: step.url ?? 'https://example.com/hooks/kalcifer', method: 'POST' };
  }
}

function entryNode(entry: EntrySpec): JourneyNode {
  switch (entry.kind) {
    case 'event':
      return {
        id: 'entry',
        type: 'event_entry',
        name: `When ${entry.event.replace(/_/g, ' ')}`,
        config: { event: entry.event, ...(entry.filter !== undefined ? { filter: entry.filter } : {}) },
      };
    case 'segment':
      return {
        id: 'entry',
        type: 'segment_entry',
        name: `Customers ${entry.label}`,
        config: { segment: { expression: entry.expression } },
      };
    case 'scheduled':
      return {
        id: 'entry',
        type: 'scheduled_entry',
        name: capitalise(entry.label),
        config: {
          cron: entry.cron,
          ...(entry.timezone !== undefined ? { timezone: entry.timezone } : {}),
          ...(entry.criteria !== undefined ? { criteria: entry.criteria } : {}),
        },
      };
    case 'webhook':
      return { id: 'entry', type: 'webhook_entry', name: 'When your system calls the webhook', config: {} };
    case 'manual':
      return { id: 'entry', type: 'manual_entry', name: 'Enrolled through the API', config: {} };
  }
}

/** The plan as a graph (without positions: see layout/layered-layout.ts). */
export function buildGraph(plan: JourneyPlan): JourneyGraph {
  // Days without hours: the whole day on those days.
  const window =
    plan.sendDays === undefined
      ? plan.sendWindow
      : { ...(plan.sendWindow ?? { start: '00:00', end: '23:59' }), days: plan.sendDays };
  const writer = new GraphWriter(plan.caps, window);
  const entry = entryNode(plan.entry);
  writer.add(entry, []);
  const ends = writer.steps(plan.steps, [{ from: entry.id, output: 'next', required: false }]);
  writer.closePaths(ends);
  const graph: JourneyGraph = { nodes: writer.nodes, edges: writer.edges };
  if (plan.exitCriteria !== undefined) graph.exitCriteria = plan.exitCriteria.expression;
  if (plan.goal !== undefined)
    graph.goal = { event: plan.goal.event, ...(plan.goal.exitOnGoal ? { exitOnGoal: true } : {}) };
  return graph;
}
