import type { JournalMessage } from '@kalcifer/contracts';
import type { InstanceState, TraceEntry } from '@kalcifer/journey';
import { journalEntry } from './journal-entry';

const instance = {
  id: 'in_1',
  workspaceId: 'ws_a',
  journeyId: 'jr_welcome',
  version: 3,
  customerId: 'c-1',
} as InstanceState;

const step: TraceEntry[] = [
  { at: 10, type: 'instance_started', nodeId: 'start', data: { journeyId: 'jr_welcome', version: 3 } },
  { at: 10, type: 'node_entered', nodeId: 'start', tokenId: 't1' },
  { at: 10, type: 'node_completed', nodeId: 'start', tokenId: 't1', data: { output: 'next' } },
  { at: 10, type: 'node_entered', nodeId: 'welcome', tokenId: 't1' },
  {
    at: 10,
    type: 'send_requested',
    nodeId: 'welcome',
    tokenId: 't1',
    data: { sendKey: 'k1', channel: 'email' },
  },
  { at: 10, type: 'waiting', nodeId: 'wait', tokenId: 't1' },
];

describe('journalEntry', () => {
  it('puts every journey event of a step into one message on the journey subject', () => {
    const [entry, ...more] = journalEntry(instance, step);
    expect(more).toEqual([]);
    expect(entry.subject).toBe('kalcifer.ws_a.journal.jr_welcome');
    const body = entry.body as JournalMessage;
    expect(body).toMatchObject({
      workspaceId: 'ws_a',
      journeyId: 'jr_welcome',
      version: 3,
      instanceId: 'in_1',
    });
    expect(body.events.map((e) => e.type)).toEqual([
      'journey.entered',
      'node.entered',
      'node.exited',
      'node.entered',
      'message.requested',
    ]);
    expect(body.events[4]).toEqual({
      type: 'message.requested',
      at: 10,
      nodeId: 'welcome',
      tokenId: 't1',
      data: { sendKey: 'k1', channel: 'email' },
    });
  });

  it('maps delivery statuses, goals, endings and migrations', () => {
    const types = journalEntry(instance, [
      { at: 1, type: 'delivery_status', nodeId: 'welcome', data: { sendKey: 'k1', status: 'delivered' } },
      { at: 2, type: 'goal_reached' },
      { at: 3, type: 'migrated', data: { fromVersion: 2, toVersion: 3 } },
      { at: 4, type: 'instance_completed' },
      { at: 5, type: 'instance_exited' },
      { at: 6, type: 'instance_failed' },
    ]).flatMap((e) => (e.body as JournalMessage).events.map((x) => x.type));
    expect(types).toEqual([
      'message.status',
      'goal.reached',
      'instance.migrated',
      'journey.completed',
      'journey.exited',
      'journey.failed',
    ]);
  });

  it('publishes nothing for a step without journey events (a late signal)', () => {
    expect(journalEntry(instance, [{ at: 1, type: 'late_signal_ignored' }])).toEqual([]);
  });

  it('gives the same step the same message id (a re-publish is a duplicate) and another step another', () => {
    const id = journalEntry(instance, step)[0].msgId;
    expect(journalEntry(instance, step)[0].msgId).toBe(id);
    expect(journalEntry({ ...instance, id: 'in_2' }, step)[0].msgId).not.toBe(id);
    expect(journalEntry(instance, step.slice(0, 3))[0].msgId).not.toBe(id);
  });
});
