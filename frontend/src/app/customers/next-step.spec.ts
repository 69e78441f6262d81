import type { Instance } from '../api/api-models';
import { nextSteps } from './next-step';

const base = { status: 'waiting', statusReason: null, version: 1 } as Instance;
const DUE = Date.parse('2026-12-04T09:00:00Z');

describe('nextSteps', () => {
  it('says what a waiting customer waits for, and until when', () => {
    const timer = {
      ...base,
      state: { tokens: [{ nodeId: 'wait_1', state: 'waiting', wait: { kind: 'timer', dueAt: DUE } }] },
    };
    expect(nextSteps(timer)).toEqual(['waits at wait_1 until 2026-12-04 09:00 UTC']);
    const event = {
      ...base,
      state: {
        tokens: [{ nodeId: 'w', state: 'waiting', wait: { kind: 'event', event: 'trial_used', dueAt: DUE } }],
      },
    };
    expect(nextSteps(event)).toEqual([
      'waits at w for the event "trial_used", at most until 2026-12-04 09:00 UTC',
    ]);
  });

  it('says a held customer needs an operator, and an ended one how it ended', () => {
    const held = {
      ...base,
      status: 'held',
      state: { tokens: [{ nodeId: 'wait_1', state: 'held' }] },
    } as Instance;
    expect(nextSteps(held)).toEqual(['held at wait_1 by a migration, until an operator releases it']);
    const ended = {
      ...base,
      status: 'exited',
      statusReason: 'unsubscribed',
      state: { tokens: [] },
    } as Instance;
    expect(nextSteps(ended)).toEqual(['ended: exited (unsubscribed)']);
  });
});
