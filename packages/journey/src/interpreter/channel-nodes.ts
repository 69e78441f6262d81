/** Channel nodes: one send intent per visit, inside the node's send window, then `next`. */
import { nextWindowOpening, windowTimeZone, type SendWindow } from '../calendar/send-window';
import { sendKey } from '../hash';
import type { SendChannel } from '../model/effect';
import type { JourneyNode, NodeType } from '../model/graph';
import type { Token } from '../model/instance';
import { followOutput } from './follow-output';
import type { StepRun } from './step-run';
import { waitForTimer } from './waits';

export const CHANNEL_OF: Partial<Record<NodeType, SendChannel>> = {
  send_email: 'email',
  send_sms: 'sms',
  send_push: 'push',
  send_whatsapp: 'whatsapp',
  call_webhook: 'webhook',
};

/**
 * Sends now when the window is open (or the node has none), else waits for the window's next
 * opening in the customer's time zone and sends then. `visit` is the visit the send belongs to:
 * a deferred send keeps the key of the visit that asked for it.
 */
export function sendOrWaitForWindow(
  run: StepRun,
  token: Token,
  node: JourneyNode,
  visit = run.instance.visits[node.id],
): void {
  const window = node.config.sendWindow as SendWindow | undefined;
  if (window !== undefined) {
    const timeZone = windowTimeZone(window, run.customer, run.facts.workspaceTimezone);
    const opening = nextWindowOpening(window, timeZone, run.now);
    if (opening > run.now) {
      const when = new Date(opening).toISOString();
      waitForTimer(
        run,
        token,
        node,
        opening,
        { purpose: 'send_window', visit },
        `outside the send window ${window.start}-${window.end} (${timeZone}); sending at ${when}`,
      );
      return;
    }
  }
  const channel = CHANNEL_OF[node.type];
  if (channel === undefined) throw new Error(`${node.type} is not a channel node`);
  const key = sendKey(run.instance.id, node.id, visit);
  run.emit({
    kind: 'send',
    id: key,
    channel,
    sendKey: key,
    nodeId: node.id,
    visit,
    config: { ...node.config },
  });
  run.record('send_requested', {
    nodeId: node.id,
    tokenId: token.id,
    message: sendMessage(channel, node.config, run.instance.customerId),
    data: {
      sendKey: key,
      visit,
      channel,
      // What was sent, for the trace: the node's template or subject (unrendered).
      ...(typeof node.config.template === 'string' && { template: node.config.template }),
      ...(typeof node.config.subject === 'string' && { subject: node.config.subject }),
    },
  });
  // The token does not wait for delivery: the status arrives later and is only traced.
  followOutput(run, token, node, 'next');
}

const quoted = (text: string, max = 60) =>
  JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}\u2026` : text);

/**
 * What was asked for, for a reader of the trace: `requested email template "welcome" to customer
 * c-42's email address`. The content is the node's (unrendered); the address stays in the profile.
 */
export function sendMessage(
  channel: SendChannel,
  config: Record<string, unknown>,
  customerId: string,
): string {
  const text = (key: string) => (typeof config[key] === 'string' ? config[key] : undefined);
  const phone = `customer ${customerId}'s ${text('to')?.trim() || 'phone'}`;
  switch (channel) {
    case 'email': {
      const template = text('template');
      const what = template !== undefined ? `template ${quoted(template)}` : quoted(text('subject') ?? '');
      return `requested email ${what} to customer ${customerId}'s email address`;
    }
    case 'sms':
      return `requested sms ${quoted(text('body') ?? '')} to ${phone}`;
    case 'whatsapp': {
      const template = text('template');
      const what = template !== undefined ? `template ${quoted(template)}` : quoted(text('body') ?? '');
      return `requested whatsapp ${what} to ${phone}`;
    }
    case 'push':
      return `requested push ${quoted(text('title') ?? '')} to customer ${customerId}'s device`;
    case 'webhook':
      return `requested webhook ${text('method') ?? 'POST'} ${text('url') ?? ''}`;
  }
}
