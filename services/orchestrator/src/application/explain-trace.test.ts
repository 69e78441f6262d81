import type { InstanceState } from '@kalcifer/journey';
import type { StoredTraceEntry } from '../ports/instance-store';
import { explainTrace, nextSteps } from './explain-trace';

const T0 = Date.UTC(2026, 11, 3, 10);
const at = (type: StoredTraceEntry['type'], fields: Partial<StoredTraceEntry> = {}): StoredTraceEntry => ({
  at: T0,
  type,
  instanceId: 'in1',
  journeyId: 'jr1',
  version: 1,
  ...fields,
});

describe('explainTrace: why each step happened', () => {
  it('says the condition value, the variant, the cap decision, what was sent and the migration', () => {
    const why = explainTrace([
      at('node_completed', {
        nodeId: 'is_pro',
        data: { output: 'true', condition: { expression: "customer.plan == 'pro'", value: true } },
      }),
      at('node_completed', { nodeId: 'split', data: { output: 'variant:b', variant: 'b' } }),
      at('node_completed', {
        nodeId: 'cap',
        data: { output: 'within', cap: { channel: 'sms', count: 0, limit: 1, window: 'P1D', allowed: true } },
      }),
      at('send_requested', { nodeId: 'hello', data: { sendKey: 'k1', channel: 'email', template: 'hello' } }),
      at('delivery_status', { nodeId: 'hello', data: { sendKey: 'k1', status: 'sent' } }),
      at('send_requested', { nodeId: 'again', data: { sendKey: 'k2', channel: 'email' } }),
      at('delivery_status', {
        nodeId: 'again',
        data: {
          sendKey: 'k2',
          status: 'capped',
          detail: 'capped by the workspace rule "at most 1 email per P1D" (rules[0])',
          capRule: { index: 0, channel: 'email', limit: 1, window: 'P1D' },
        },
      }),
      at('migrated', {
        nodeId: 'wait',
        version: 2,
        data: { fromVersion: 1, toVersion: 2, from: 'wait', to: 'wait', rule: 'mapped' },
      }),
      at('instance_started', { nodeId: 'start', message: 'entered by manual enrollment' }),
    ]).map((e) => e.why);
    expect(why).toEqual([
      `condition customer.plan == 'pro' was true, so the customer took the "true" branch`,
      'the A/B split drew variant "b" for this customer (stable per customer), output "variant:b"',
      'frequency cap node: 0 sms send(s) in P1D against a limit of 1, so within the cap (output "within")',
      'asked the email channel to send template "hello" (send key k1); the delivery status follows',
      'delivery sent, allowed by the workspace frequency caps',
      'asked the email channel to send (send key k2); the delivery status follows',
      'suppressed by the workspace\'s frequency cap (rule 0: at most 1 email per P1D): not sent; capped by the workspace rule "at most 1 email per P1D" (rules[0])',
      'migrated from v1 to v2: node "wait" maps to "wait" (rule: mapped)',
      'entered by manual enrollment',
    ]);
  });
});

describe('nextSteps: what happens next', () => {
  const instance = (fields: Partial<InstanceState>): InstanceState => ({
    id: 'in1',
    workspaceId: 'ws',
    journeyId: 'jr1',
    version: 2,
    customerId: 'c1',
    status: 'waiting',
    tokens: [],
    executed: [],
    visits: {},
    context: {},
    conversions: 0,
    seq: 0,
    processedSignals: [],
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  });

  it('gives the pending timer and its due time, and the awaited event and its deadline', () => {
    const steps = nextSteps([
      instance({
        tokens: [
          {
            id: 't1',
            nodeId: 'wait',
            state: 'waiting',
            wait: { kind: 'timer', waitId: 'w1', timerId: 'tm1', startedAt: T0, dueAt: T0 + 5 * 86_400_000 },
          },
          {
            id: 't2',
            nodeId: 'opened',
            state: 'waiting',
            wait: {
              kind: 'event',
              waitId: 'w2',
              event: 'email_opened',
              startedAt: T0,
              timerId: 'tm2',
              dueAt: T0 + 3_600_000,
            },
          },
        ],
      }),
    ]);
    expect(steps).toEqual([
      {
        instanceId: 'in1',
        journeyId: 'jr1',
        version: 2,
        nodeId: 'wait',
        tokenId: 't1',
        kind: 'timer',
        dueAt: T0 + 5 * 86_400_000,
        why: 'timer due at 2026-12-08T10:00:00.000Z: the wait ends',
      },
      {
        instanceId: 'in1',
        journeyId: 'jr1',
        version: 2,
        nodeId: 'opened',
        tokenId: 't2',
        kind: 'event',
        event: 'email_opened',
        dueAt: T0 + 3_600_000,
        why: 'waiting for event "email_opened"; if it has not come by 2026-12-03T11:00:00.000Z, the timeout branch',
      },
    ]);
  });
});
