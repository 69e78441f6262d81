import type { JournalMessage, JourneyEventType } from '@kalcifer/contracts';

/** One journey event as analytics keeps it: one record per event of a journal message. */
export interface JourneyEventRecord {
  /** `<journal msg id>:<index of the event in the message>`: the same event always has the same id. */
  id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  instanceId: string;
  customerId: string;
  type: JourneyEventType;
  /** Epoch ms. */
  at: number;
  nodeId?: string;
  tokenId?: string;
  /** The output a node left by (`next`, `true`, `variant:b`...), for node.exited. */
  output?: string;
  /** message.requested, message.status: the send, its channel, and (status) how it went. */
  sendKey?: string;
  channel?: string;
  status?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The records of one journal message. Their ids derive from the message id, which the
 * orchestrator fixes when it writes the step, so a redelivery or a re-publish of the same step
 * yields the same ids and is stored once.
 */
export function journeyEventRecords(message: JournalMessage, messageId: string): JourneyEventRecord[] {
  return message.events.map((event, index) => {
    const output = event.data?.output;
    const sendKey = text(event.data?.sendKey);
    const channel = text(event.data?.channel);
    const status = event.type === 'message.status' ? text(event.data?.status) : undefined;
    return {
      id: `${messageId}:${index}`,
      workspaceId: message.workspaceId,
      journeyId: message.journeyId,
      version: message.version,
      instanceId: message.instanceId,
      customerId: message.customerId,
      type: event.type,
      at: event.at,
      ...(event.nodeId !== undefined && { nodeId: event.nodeId }),
      ...(event.tokenId !== undefined && { tokenId: event.tokenId }),
      ...(typeof output === 'string' && { output }),
      ...(sendKey !== undefined && { sendKey }),
      ...(channel !== undefined && { channel }),
      ...(status !== undefined && { status }),
    };
  });
}
