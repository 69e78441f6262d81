import {
  profileUpdateSubject,
  subjects,
  type ProfileUpdateMessage,
  type SendIntentMessage,
  type TimerCancelMessage,
  type TimerScheduleMessage,
} from '@kalcifer/contracts';
import type { Effect, InstanceState } from '@kalcifer/journey';
import { currentTraceparent } from '@kalcifer/platform';
import type { OutboxEntry } from '../ports/instance-store';

/**
 * Turns the interpreter's effects into the exact messages to publish. They are written into the
 * instance's outbox first, so they carry everything the receiver needs (e.g. the recipient).
 */
export function effectsToMessages(
  instance: InstanceState,
  effects: Effect[],
  customer: Record<string, unknown>,
  now: number,
): OutboxEntry[] {
  const ws = instance.workspaceId;
  return effects.map((effect): OutboxEntry => {
    switch (effect.kind) {
      case 'schedule_timer': {
        // The step's trace goes with the timer: its fire continues it (the scheduler keeps it).
        const traceparent = currentTraceparent();
        const body: TimerScheduleMessage = {
          workspaceId: ws,
          timerId: effect.timerId,
          instanceId: instance.id,
          tokenId: effect.tokenId,
          nodeId: effect.nodeId,
          dueAt: effect.dueAt,
          ...(traceparent !== undefined && { traceparent }),
        };
        return {
          subject: subjects.timerSchedule(ws),
          msgId: `timer-schedule:${effect.id}:${effect.dueAt}`,
          body,
        };
      }
      case 'cancel_timer': {
        const body: TimerCancelMessage = {
          workspaceId: ws,
          timerId: effect.timerId,
          instanceId: instance.id,
        };
        return { subject: subjects.timerCancel(ws), msgId: `timer-cancel:${effect.id}`, body };
      }
      case 'send': {
        const body: SendIntentMessage = {
          workspaceId: ws,
          sendKey: effect.sendKey,
          instanceId: instance.id,
          journeyId: instance.journeyId,
          version: instance.version,
          nodeId: effect.nodeId,
          customerId: instance.customerId,
          channel: effect.channel,
          config: effect.config,
          customer,
          context: instance.context,
          requestedAt: now,
        };
        return { subject: subjects.send(ws, effect.channel), msgId: `send:${effect.sendKey}`, body };
      }
      case 'update_profile':
      case 'tag': {
        const body: ProfileUpdateMessage = {
          workspaceId: ws,
          customerId: instance.customerId,
          updateId: effect.id,
          instanceId: instance.id,
          nodeId: effect.nodeId,
          ...(effect.kind === 'update_profile'
            ? { set: effect.set, unset: effect.unset, increment: effect.increment }
            : { addTags: effect.add, removeTags: effect.remove }),
        };
        return { subject: profileUpdateSubject(ws), msgId: `profile:${effect.id}`, body };
      }
    }
  });
}
