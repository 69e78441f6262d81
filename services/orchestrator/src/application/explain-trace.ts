/**
 * The explained customer trace (FR-10.4, US-12, US-18): for every trace entry, why it happened in
 * one sentence (the condition's value, the variant drawn, the cap decision, what was sent and how
 * it went, the version transition and its mapping), and for every open instance what happens
 * next (the pending timer and when it is due, the awaited event and its deadline). Pure: it reads
 * the stored entries and the open instances' state, nothing else.
 */
import type { InstanceState } from '@kalcifer/journey';
import type { StoredTraceEntry } from '../ports/instance-store';

export interface ExplainedEntry extends StoredTraceEntry {
  why: string;
}

export interface NextStep {
  instanceId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  tokenId: string;
  /** timer: a wait or a send window; event: a wait_for_event; ready, held, paused. */
  kind: 'timer' | 'event' | 'ready' | 'held' | 'paused';
  /** When the timer fires, or the event's deadline (epoch ms); absent for an event without one. */
  dueAt?: number;
  event?: string;
  why: string;
}

/** Every customer message but a webhook is checked against the workspace's frequency caps. */
const CAPPED_CHANNELS = new Set(['email', 'sms', 'push', 'whatsapp']);

const iso = (ms: number) => new Date(ms).toISOString();
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown) =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

export function explainTrace(entries: readonly StoredTraceEntry[]): ExplainedEntry[] {
  // A delivery status names its send key only: the channel comes from the send it answers.
  const channelOf = new Map<string, string>();
  for (const e of entries) {
    const key = str(e.data?.sendKey);
    const channel = str(e.data?.channel);
    if (e.type === 'send_requested' && key !== undefined && channel !== undefined)
      channelOf.set(key, channel);
  }
  return entries.map((e) => ({ ...e, why: why(e, channelOf) }));
}

function why(e: StoredTraceEntry, channelOf: ReadonlyMap<string, string>): string {
  const data = e.data ?? {};
  const message = e.message ?? '';
  switch (e.type) {
    case 'node_completed': {
      const output = str(data.output);
      const condition = obj(data.condition);
      const cap = obj(data.cap);
      if (condition !== undefined)
        return `condition ${String(condition.expression)} was ${String(condition.value)}, so the customer took the "${output}" branch`;
      if (str(data.variant) !== undefined)
        return `the A/B split drew variant "${str(data.variant)}" for this customer (stable per customer), output "${output}"`;
      if (cap !== undefined)
        return `frequency cap node: ${String(cap.count)} ${String(cap.channel)} send(s) in ${String(cap.window)} against a limit of ${String(cap.limit)}, so ${cap.allowed === true ? 'within the cap' : 'the cap is exceeded'} (output "${output}")`;
      return message === '' ? `left the node by "${output}"` : message;
    }
    case 'send_requested': {
      const channel = str(data.channel) ?? 'a channel';
      const template = str(data.template);
      const subject = str(data.subject);
      const what =
        template !== undefined ? ` template "${template}"` : subject !== undefined ? ` "${subject}"` : '';
      return `asked the ${channel} channel to send${what} (send key ${String(data.sendKey)}); the delivery status follows`;
    }
    case 'delivery_status': {
      const status = str(data.status) ?? 'unknown';
      const detail = str(data.detail);
      const channel = channelOf.get(str(data.sendKey) ?? '');
      const rule = obj(data.capRule);
      const ruleText =
        rule === undefined
          ? ''
          : ` (rule ${String(rule.index)}: at most ${String(rule.limit)} ${String(rule.channel)} per ${String(rule.window)})`;
      if (status === 'capped')
        return `suppressed by the workspace's frequency cap${ruleText}: not sent${detail === undefined ? '' : `; ${detail}`}`;
      if (status === 'delayed')
        return `held back by the workspace's frequency cap${ruleText}, sent at ${str(data.retryAt) ?? 'the next allowed time'}`;
      const caps =
        status === 'sent' && channel !== undefined && CAPPED_CHANNELS.has(channel)
          ? ', allowed by the workspace frequency caps'
          : '';
      return `delivery ${status}${caps}${detail === undefined ? '' : ` (${detail})`}`;
    }
    case 'waiting': {
      const dueAt = typeof data.dueAt === 'number' ? ` until ${iso(data.dueAt)}` : '';
      return message === '' ? `waiting${dueAt}` : message;
    }
    case 'migrated': {
      const from = str(data.from);
      const to = data.to === null ? null : str(data.to);
      const versions = `migrated from v${String(data.fromVersion)} to v${String(data.toVersion)}`;
      if (from === undefined) return `${versions} (no token to move)`;
      const where = to === null || to === undefined ? 'has no place in the new version' : `maps to "${to}"`;
      return `${versions}: node "${from}" ${where} (rule: ${String(data.rule)})`;
    }
    case 'instance_started':
    case 'node_entered':
    case 'branch_forked':
    case 'profile_updated':
    case 'tags_changed':
    case 'event_received':
    case 'late_signal_ignored':
    case 'goal_reached':
    case 'paused':
    case 'resumed':
    case 'instance_completed':
    case 'instance_exited':
    case 'instance_failed':
    case 'released':
      // Their message already says why (the entry, the event, the exit reason...).
      return message === '' ? e.type.replace(/_/g, ' ') : message;
  }
}

/** What each token of the customer's open instances waits for, or that it is about to move. */
export function nextSteps(instances: readonly InstanceState[]): NextStep[] {
  const steps: NextStep[] = [];
  for (const instance of instances) {
    for (const token of instance.tokens) {
      const base = {
        instanceId: instance.id,
        journeyId: instance.journeyId,
        version: instance.version,
        nodeId: token.nodeId,
        tokenId: token.id,
      };
      const wait = token.wait;
      if (token.state === 'held' || instance.status === 'held') {
        steps.push({
          ...base,
          kind: 'held',
          why: `held for review: ${token.held?.reason ?? instance.statusReason ?? ''}`.trim(),
        });
      } else if (instance.status === 'paused') {
        steps.push({ ...base, kind: 'paused', why: 'paused: nothing moves until it is resumed' });
      } else if (wait?.kind === 'timer') {
        const what =
          wait.purpose === 'send_window'
            ? 'the send window opens; then the message is sent'
            : 'the wait ends';
        steps.push({
          ...base,
          kind: 'timer',
          dueAt: wait.dueAt,
          why: `timer due at ${iso(wait.dueAt)}: ${what}`,
        });
      } else if (wait?.kind === 'event') {
        const deadline =
          wait.dueAt === undefined
            ? ' (no deadline)'
            : `; if it has not come by ${iso(wait.dueAt)}, the timeout branch`;
        steps.push({
          ...base,
          kind: 'event',
          event: wait.event,
          ...(wait.dueAt !== undefined && { dueAt: wait.dueAt }),
          why: `waiting for event "${wait.event}"${deadline}`,
        });
      } else {
        steps.push({ ...base, kind: 'ready', why: 'about to run this node' });
      }
    }
  }
  return steps;
}
