/**
 * What a corpus case expects that a designed graph lacks: the entry, node kinds (at least that
 * many), edges "from_type -output-> to_type", goal and exit criteria, and where the case names
 * them the durations of waits and event windows, frequency caps and the attribute of a
 * wait-until (and its offsets from the date), and the send window (quiet hours) and send days of every message. Empty when the structure is as expected.
 */
import { parseDuration, type JourneyGraph } from '@kalcifer/journey';
import type { CorpusCase } from './brief-corpus';

export function missingStructure(graph: JourneyGraph, expected: CorpusCase): string[] {
  const missing: string[] = [];
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const entry = graph.nodes.find((node) => node.type.endsWith('_entry'));
  const entryText =
    entry === undefined
      ? 'none'
      : entry.type === 'event_entry'
        ? `event_entry:${String(entry.config.event)}`
        : entry.type;
  if (entryText !== expected.entry) missing.push(`entry ${expected.entry} (got ${entryText})`);
  for (const [type, count] of Object.entries(expected.nodes ?? {})) {
    const found = graph.nodes.filter((node) => node.type === type).length;
    if (found < count) missing.push(`${count} x ${type} (got ${found})`);
  }
  for (const pattern of expected.edges ?? []) {
    const [from, output, to] = /^(\S+) -(\S+)-> (\S+)$/.exec(pattern)!.slice(1) as [string, string, string];
    const present = graph.edges.some(
      (edge) =>
        byId.get(edge.from)?.type === from && edge.output === output && byId.get(edge.to)?.type === to,
    );
    if (!present) missing.push(`edge ${pattern}`);
  }
  if (expected.goal !== undefined && graph.goal?.event !== expected.goal) {
    missing.push(`goal ${expected.goal} (got ${graph.goal?.event ?? 'none'})`);
  }
  if (expected.goalExits === true && graph.goal?.exitOnGoal !== true) missing.push('goal that exits');
  if (expected.exitCriteria !== undefined && graph.exitCriteria !== expected.exitCriteria) {
    missing.push(`exit criteria ${expected.exitCriteria} (got ${graph.exitCriteria ?? 'none'})`);
  }
  // Durations compare as lengths of time: PT90M and PT1H30M are the same wait.
  const waited = graph.nodes
    .map((node) =>
      node.type === 'wait'
        ? node.config.duration
        : node.type === 'wait_for_event'
          ? node.config.timeout
          : undefined,
    )
    .filter((value): value is string => typeof value === 'string')
    .map((value) => parseDuration(value));
  for (const duration of expected.durations ?? []) {
    const ms = parseDuration(duration);
    const at = waited.indexOf(ms);
    if (at === -1) missing.push(`a wait or event window of ${duration}`);
    else waited.splice(at, 1);
  }
  for (const cap of expected.caps ?? []) {
    const present = graph.nodes.some(
      (node) =>
        node.type === 'frequency_cap' &&
        (node.config.channel ?? 'any') === cap.channel &&
        node.config.limit === cap.limit &&
        parseDuration(node.config.window) === parseDuration(cap.window),
    );
    if (!present) missing.push(`cap of ${cap.limit} ${cap.channel} per ${cap.window}`);
  }
  if (expected.waitUntil !== undefined) {
    const present = graph.nodes.some(
      (node) => node.type === 'wait_until' && node.config.attribute === expected.waitUntil,
    );
    if (!present) missing.push(`wait until customer.${expected.waitUntil}`);
  }
  const offsets = graph.nodes
    .filter((node) => node.type === 'wait_until')
    .map((node) => signedDuration(typeof node.config.offset === 'string' ? node.config.offset : 'PT0S'));
  for (const offset of expected.waitUntilOffsets ?? []) {
    const at = offsets.indexOf(signedDuration(offset));
    if (at === -1) missing.push(`a wait until ${offset} from the date`);
    else offsets.splice(at, 1);
  }
  if (expected.sendWindow !== undefined) {
    const { start, end } = expected.sendWindow;
    const messages = graph.nodes.filter((node) =>
      ['send_email', 'send_sms', 'send_push', 'send_whatsapp'].includes(node.type),
    );
    const outside = messages.filter((node) => {
      const window = node.config.sendWindow as { start?: unknown; end?: unknown } | undefined;
      return window?.start !== start || window.end !== end;
    });
    if (messages.length === 0 || outside.length > 0)
      missing.push(`send window ${start}-${end} on every message`);
  }
  if (expected.sendDays !== undefined) {
    const days = expected.sendDays.join(',');
    const messages = graph.nodes.filter((node) =>
      ['send_email', 'send_sms', 'send_push', 'send_whatsapp'].includes(node.type),
    );
    const outside = messages.filter(
      (node) => ((node.config.sendWindow as { days?: string[] } | undefined)?.days ?? []).join(',') !== days,
    );
    if (messages.length === 0 || outside.length > 0) missing.push(`send days ${days} on every message`);
  }
  return missing;
}

/** "-P2D" -> minus two days in ms; "P2D" or "+P2D" -> plus. */
function signedDuration(text: string): number {
  const negative = text.startsWith('-');
  const ms = parseDuration(text.replace(/^[+-]/, ''));
  return negative ? -ms : ms;
}
