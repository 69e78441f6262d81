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
