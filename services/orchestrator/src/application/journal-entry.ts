import { createHash } from 'node:crypto';
import {
  journalSubject,
  type JournalMessage,
  type JourneyEvent,
  type JourneyEventType,
} from '@kalcifer/contracts';
import type { InstanceState, TraceEntry, TraceType } from '@kalcifer/journey';
import type { OutboxEntry } from '../ports/instance-store';

/** The trace lines that are journey events, and the event each one becomes. */
const EVENT_OF: Partial<Record<TraceType, JourneyEventType>> = {
  instance_started: 'journey.entered',
  node_entered: 'node.entered',
  node_completed: 'node.exited',
  goal_reached: 'goal.reached',
  send_requested: 'message.requested',
  delivery_status: 'message.status',
  instance_completed: 'journey.completed',
  instance_exited: 'journey.exited',
  instance_failed: 'journey.failed',
  migrated: 'instance.migrated',
};

/**
 * The journal message of one step (0 or 1 outbox entry): the step's journey events in one
 * message, not one per node, so the journal costs one publish per step. Its id hashes the
 * instance and the events, so it is fixed once written to the outbox and a re-publish is dropped.
 */
export function journalEntry(instance: InstanceState, trace: TraceEntry[]): OutboxEntry[] {
  const events: JourneyEvent[] = [];
  for (const line of trace) {
    const type = EVENT_OF[line.type];
    if (type === undefined) continue;
    events.push({
      type,
      at: line.at,
      ...(line.nodeId !== undefined && { nodeId: line.nodeId }),
      ...(line.tokenId !== undefined && { tokenId: line.tokenId }),
      ...(line.message !== undefined && { message: line.message }),
      ...(line.data !== undefined && { data: line.data }),
    });
  }
  if (events.length === 0) return [];
  const body: JournalMessage = {
    workspaceId: instance.workspaceId,
    journeyId: instance.journeyId,
    version: instance.version,
    instanceId: instance.id,
    customerId: instance.customerId,
    events,
  };
  const digest = createHash('sha256').update(instance.id).update(JSON.stringify(events)).digest('base64url');
  return [
    {
      subject: journalSubject(instance.workspaceId, instance.journeyId),
      msgId: `journal:${instance.id}:${digest.slice(0, 22)}`,
      body,
    },
  ];
}
