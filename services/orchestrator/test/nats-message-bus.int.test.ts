/**
 * The orchestrator's outbox publisher against the real JetStream: timer requests published at the
 * same moment leave as batch messages per workspace, every request exactly once, the rest as is.
 */
import { AckPolicy } from '@nats-io/jetstream';
import {
  STREAMS,
  profileUpdateSubject,
  subjects,
  type CustomerChangedBatchMessage,
  type ProfileUpdateBatchMessage,
  type TimerRequestBatchMessage,
  type TimerScheduleMessage,
} from '@kalcifer/contracts';
import { connectBus, ensureStreams, type Bus, type OutgoingMessage } from '@kalcifer/platform';
import { NatsMessageBus, TIMER_BATCH_MAX } from '../src/infrastructure/nats-message-bus';
import { infra, resetAll } from '../../../test/support/infra';

jest.setTimeout(60_000);

let bus: Bus;

beforeAll(async () => {
  await resetAll('int_orchestrator_bus');
  bus = await connectBus(infra.natsUrl, 'bus-test');
  await ensureStreams(bus.jsm);
});

afterAll(async () => {
  await bus.nc.close();
});

/** Every message of a stream under `filter`: subject, msg id and body. */
async function streamMessages(stream: string, filter: string) {
  const info = await bus.jsm.consumers.add(stream, {
    ack_policy: AckPolicy.None,
    filter_subject: filter,
    inactive_threshold: 5e9,
  });
  const out: { subject: string; msgId: string | undefined; body: unknown }[] = [];
  if (info.num_pending === 0) return out;
  const consumer = await bus.js.consumers.get(stream, info.name);
  const iter = await consumer.fetch({ max_messages: info.num_pending, expires: 2_000 });
  for await (const m of iter)
    out.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), body: m.json() });
  return out;
}

const schedule = (ws: string, i: number): OutgoingMessage => {
  const body: TimerScheduleMessage = {
    workspaceId: ws,
    timerId: `t-${ws}-${i}`,
    instanceId: `in-${i}`,
    tokenId: 'tok',
    nodeId: 'wait',
    dueAt: 1_900_000_000_000 + i,
  };
  return { subject: subjects.timerSchedule(ws), msgId: `timer-schedule:${ws}:${i}`, body };
};

it('sends concurrent timer requests as batch messages per workspace, each request once, and other messages as they are', async () => {
  const messageBus = new NatsMessageBus(bus.js);
  const requests = [
    ...Array.from({ length: 700 }, (_, i) => schedule('ws_bus_a', i)),
    ...Array.from({ length: 300 }, (_, i) => schedule('ws_bus_b', i)),
  ];
  const cancel: OutgoingMessage = {
    subject: subjects.timerCancel('ws_bus_a'),
    msgId: 'timer-cancel:x',
    body: { workspaceId: 'ws_bus_a', timerId: 't-x', instanceId: 'in-x' },
  };
  const command: OutgoingMessage = {
    subject: subjects.instanceCommand('ws_bus_a'),
    msgId: 'command:1',
    body: { workspaceId: 'ws_bus_a', instanceId: 'in-1', action: 'pause', commandId: '1' },
  };
  // One outbox per instance, all at once, as a burst of enrollments publishes them.
  await Promise.all([...requests.map((r) => messageBus.publish([r])), messageBus.publish([cancel, command])]);

  const stored = await streamMessages(STREAMS.timers.name, 'kalcifer.*.timers.>');
  const seen: { subject: string; timerId: string }[] = [];
  for (const m of stored) {
    if (m.subject.endsWith('.batch')) {
      const batch = m.body as TimerRequestBatchMessage;
      expect(m.subject).toBe(subjects.timerBatch(batch.workspaceId));
      expect(m.msgId).toMatch(new RegExp(`^timer-batch:${batch.workspaceId}:`));
      expect(batch.schedule.length + batch.cancel.length).toBeLessThanOrEqual(TIMER_BATCH_MAX);
      for (const s of batch.schedule) {
        expect(s.workspaceId).toBe(batch.workspaceId);
        seen.push({ subject: subjects.timerSchedule(s.workspaceId), timerId: s.timerId });
      }
      for (const c of batch.cancel)
        seen.push({ subject: subjects.timerCancel(c.workspaceId), timerId: c.timerId });
    } else {
      seen.push({ subject: m.subject, timerId: (m.body as { timerId: string }).timerId });
    }
  }
  const expected = [...requests, cancel].map((r) => ({
    subject: r.subject,
    timerId: (r.body as { timerId: string }).timerId,
  }));
  const key = (x: { subject: string; timerId: string }) => `${x.subject}|${x.timerId}`;
  expect(seen.map(key).sort()).toEqual(expected.map(key).sort());
  // Batched: far fewer messages than requests.
  expect(stored.length).toBeLessThan(20);
  const commands = await streamMessages(STREAMS.signals.name, subjects.instanceCommand('ws_bus_a'));
  expect(commands).toEqual([{ subject: command.subject, msgId: 'command:1', body: command.body }]);
});

it('publishes a lone timer request as itself, with its own msg id', async () => {
  const messageBus = new NatsMessageBus(bus.js);
  const lone = schedule('ws_bus_lone', 1);
  await messageBus.publish([lone]);
  const stored = await streamMessages(STREAMS.timers.name, 'kalcifer.ws_bus_lone.timers.>');
  expect(stored).toEqual([{ subject: lone.subject, msgId: lone.msgId, body: lone.body }]);
});

it('batches profile updates and customer-changed announcements the same way, each once, on their own subjects', async () => {
  const messageBus = new NatsMessageBus(bus.js);
  const ws = 'ws_bus_profile';
  const updates: OutgoingMessage[] = Array.from({ length: 200 }, (_, i) => ({
    subject: profileUpdateSubject(ws),
    msgId: `profile:u${i}`,
    body: {
      workspaceId: ws,
      customerId: `c${i}`,
      updateId: `u${i}`,
      instanceId: `in${i}`,
      nodeId: 'tag',
      addTags: ['x'],
    },
  }));
  const changes: OutgoingMessage[] = Array.from({ length: 200 }, (_, i) => ({
    subject: subjects.customerChanged(ws),
    msgId: `customer:${ws}:c${i}:u${i}`,
    body: { workspaceId: ws, customerId: `c${i}`, changeId: `u${i}` },
  }));
  await Promise.all([...updates, ...changes].map((m) => messageBus.publish([m])));

  const profile = await streamMessages(STREAMS.signals.name, profileUpdateSubject(ws));
  const carriedUpdates = profile.flatMap((m) =>
    'updates' in (m.body as object)
      ? (m.body as ProfileUpdateBatchMessage).updates.map((u) => u.updateId)
      : [(m.body as { updateId: string }).updateId],
  );
  expect(carriedUpdates.sort()).toEqual(updates.map((u) => (u.body as { updateId: string }).updateId).sort());
  expect(profile.length).toBeLessThan(10);
  for (const m of profile.filter((x) => 'updates' in (x.body as object)))
    expect(m.msgId).toMatch(new RegExp(`^profile-batch:${ws}:`));

  const customer = await streamMessages(STREAMS.signals.name, subjects.customerChanged(ws));
  const carriedChanges = customer.flatMap((m) =>
    'changes' in (m.body as object)
      ? (m.body as CustomerChangedBatchMessage).changes.map((c) => c.changeId)
      : [(m.body as { changeId: string }).changeId],
  );
  expect(carriedChanges.sort()).toEqual(changes.map((c) => (c.body as { changeId: string }).changeId).sort());
  expect(customer.length).toBeLessThan(10);
});
