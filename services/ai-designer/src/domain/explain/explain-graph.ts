/**
 * A journey graph in plain language, for a marketer who has never seen one: how customers
 * enter, then numbered steps in the order customers meet them (where a step branches, which
 * step each branch goes to), then the journey-wide rules. Works for any valid graph, not only
 * the designer's own.
 */
import type { JourneyEdge, JourneyGraph, JourneyNode } from '@kalcifer/journey';
import { describeDuration, offsetWords } from '../language/durations';

export function topologicalOrder(graph: JourneyGraph): JourneyNode[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const waiting = new Map(graph.nodes.map((node) => [node.id, 0]));
  for (const edge of graph.edges) if (waiting.has(edge.to)) waiting.set(edge.to, waiting.get(edge.to)! + 1);
  const ready = graph.nodes.filter((node) => waiting.get(node.id) === 0).map((node) => node.id);
  const order: JourneyNode[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const edge of outgoing(graph, id)) {
      const left = waiting.get(edge.to)! - 1;
      waiting.set(edge.to, left);
      if (left === 0) ready.push(edge.to);
    }
  }
  // Nodes on a cycle (an invalid graph) are still listed, after the rest.
  for (const node of graph.nodes) if (!order.includes(node)) order.push(node);
  return order;
}

export function outgoing(graph: JourneyGraph, id: string): JourneyEdge[] {
  return graph.edges.filter((edge) => edge.from === id);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const eventWords = (event: unknown): string => `"${text(event).replace(/_/g, ' ')}"`;

/** One node in words, without its branches. */
export function describeNode(node: JourneyNode): string {
  const c = node.config;
  const name = node.name !== undefined && node.name !== '' ? ` ("${node.name}")` : '';
  switch (node.type) {
    case 'manual_entry':
      return 'Customers are enrolled through the API or the console';
    case 'event_entry':
      return `Customers enter when they send the event ${eventWords(c.event)}${c.filter !== undefined ? ` and ${text(c.filter)} holds` : ''}`;
    case 'segment_entry': {
      const segment = c.segment as { expression?: string; url?: string } | undefined;
      return `Customers enter when they match the segment ${segment?.expression ?? segment?.url ?? ''}`;
    }
    case 'webhook_entry':
      return 'Customers enter when your system calls the journey’s webhook';
    case 'scheduled_entry':
      return `Customers are enrolled on the schedule "${text(c.cron)}"${c.timezone !== undefined ? ` (${text(c.timezone)})` : ' (UTC)'}${c.criteria !== undefined ? ` when ${text(c.criteria)}` : ''}`;
    case 'send_email':
      return `Send an email${name}${c.template !== undefined ? ` using the template "${text(c.template)}"` : ` with the subject "${text(c.subject)}"`}`;
    case 'send_sms':
      return `Send an SMS${name}: "${text(c.body)}"`;
    case 'send_push':
      return `Send a push notification${name}: "${text(c.title)}"`;
    case 'send_whatsapp':
      return `Send a WhatsApp message${name}${c.template !== undefined ? ` using the template "${text(c.template)}"` : ''}`;
    case 'call_webhook':
      return `Call your webhook ${text(c.url)}`;
    case 'wait':
      return `Wait ${describeDuration(text(c.duration))}`;
    case 'wait_until':
      return `Wait until ${typeof c.offset === 'string' ? `${offsetWords(c.offset)} ` : ''}${c.until !== undefined ? text(c.until) : `the date in the profile attribute "${text(c.attribute)}"`}`;
    case 'wait_for_event':
      return c.timeout !== undefined
        ? `Wait up to ${describeDuration(text(c.timeout))} for the event ${eventWords(c.event)}, whichever comes first`
        : `Wait for the event ${eventWords(c.event)}`;
    case 'condition':
      return `Check whether ${text(c.expression)}${name}`;
    case 'ab_split': {
      const variants = (c.variants as { name: string; percent: number }[] | undefined) ?? [];
      return `Split customers at random: ${variants.map((v) => `${v.percent}% to variant ${v.name}`).join(', ')}`;
    }
    case 'frequency_cap':
      return `Check the frequency cap: at most ${text(c.limit)} ${c.channel === undefined || c.channel === 'any' ? 'messages' : `${text(c.channel)} messages`} per ${describeDuration(text(c.window))}`;
    case 'parallel':
      return 'Do several things at the same time';
    case 'update_profile':
      return `Update the profile${
        c.set !== undefined
          ? `: set ${Object.entries(c.set as object)
              .map(([k, v]) => `${k} to ${JSON.stringify(v)}`)
              .join(', ')}`
          : ''
      }`;
    case 'add_tag':
      return `Tag the customer "${text(c.tag ?? c.tags)}"`;
    case 'remove_tag':
      return `Remove the tag "${text(c.tag ?? c.tags)}"`;
    case 'custom_code':
      return 'Run custom code';
    case 'goal_reached':
      return `Count a conversion${c.exit === true ? ' and end the journey' : ''}`;
    case 'exit':
      return `End the journey${c.reason !== undefined ? ` (${text(c.reason)})` : ''}`;
    case 'end':
      return 'End this path (any other branch goes on)';
  }
}

function branchWords(node: JourneyNode, output: string): string {
  if (node.type === 'wait_for_event') return output === 'event' ? 'if it arrives' : 'if time runs out';
  if (node.type === 'condition') return output === 'true' ? 'if yes' : 'if no';
  if (node.type === 'frequency_cap')
    return output === 'within' ? 'under the cap' : 'over the cap (message skipped)';
  if (output.startsWith('variant:')) return `variant ${output.slice(8)}`;
  if (output.startsWith('branch:')) return `branch ${output.slice(7)}`;
  return output;
}

export function explainGraph(graph: JourneyGraph): string {
  const order = topologicalOrder(graph);
  const entries = order.filter((node) => node.type.endsWith('_entry'));
  const steps = order.filter((node) => !node.type.endsWith('_entry'));
  const number = new Map(steps.map((node, i) => [node.id, i + 1]));
  const lines: string[] = [];
  for (const entry of entries) lines.push(`${describeNode(entry)}.`);
  for (const node of steps) {
    const edges = outgoing(graph, node.id);
    let line = `${number.get(node.id)!}. ${describeNode(node)}`;
    const sequential =
      edges.length === 1 &&
      edges[0].output === 'next' &&
      number.get(edges[0].to) === number.get(node.id)! + 1;
    if (edges.length > 0 && !sequential) {
      line += ` — ${edges.map((edge) => `${edge.output === 'next' ? 'then' : branchWords(node, edge.output)}: step ${number.get(edge.to) ?? edge.to}`).join('; ')}`;
    } else if (edges.length === 0 && node.type !== 'exit' && node.type !== 'end') {
      line += ' — the journey ends here';
    }
    lines.push(`${line}.`);
  }
  if (graph.goal !== undefined) {
    lines.push(
      `Goal: the event ${eventWords(graph.goal.event)} counts as a conversion${graph.goal.exitOnGoal === true ? ' and ends the journey for that customer' : ''}.`,
    );
  }
  if (graph.exitCriteria !== undefined) lines.push(`Customers leave at once when ${graph.exitCriteria}.`);
  return lines.join('\n');
}
