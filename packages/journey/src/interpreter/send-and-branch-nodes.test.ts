/** send_email, condition, goal_reached and exit nodes, and what happens at the end of a path. */
import { Harness, T0 } from '../__tests__/harness';
import { sendKey } from '../hash';

describe('send_email', () => {
  it('emits one send intent keyed by instance, node and visit, and does not block the token', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['hello', 'send_email', { subject: 'Hi', body: 'Hello' }],
        ['bye', 'exit'],
      ],
      [
        ['start', 'next', 'hello'],
        ['hello', 'next', 'bye'],
      ],
    );
    harness.enter();
    const key = sendKey('inst-1', 'hello', 1);
    expect(harness.effects).toEqual([
      {
        kind: 'send',
        id: key,
        channel: 'email',
        sendKey: key,
        nodeId: 'hello',
        visit: 1,
        config: { subject: 'Hi', body: 'Hello' },
      },
    ]);
    expect(harness.trace).toContainEqual(
      expect.objectContaining({
        type: 'send_requested',
        data: { sendKey: key, visit: 1, channel: 'email', subject: 'Hi' },
      }),
    );
    expect(harness.instance).toMatchObject({ status: 'exited', statusReason: 'exit node bye' });
  });

  it('only traces the delivery status that arrives later', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['hello', 'send_email', { template: 't' }],
        ['w', 'wait', { duration: 'P1D' }],
      ],
      [
        ['start', 'next', 'hello'],
        ['hello', 'next', 'w'],
      ],
    );
    harness.enter();
    const before = harness.instance;
    const result = harness.signal({
      kind: 'delivery_status',
      sendKey: 'k',
      nodeId: 'hello',
      status: 'failed',
      detail: 'bounced',
    });
    expect(result.effects).toEqual([]);
    expect(result.trace).toEqual([
      expect.objectContaining({
        type: 'delivery_status',
        nodeId: 'hello',
        message: 'delivery failed: bounced',
      }),
    ]);
    expect({ ...result.instance, processedSignals: [], updatedAt: 0 }).toEqual({
      ...before,
      processedSignals: [],
      updatedAt: 0,
    });
  });

  it('still traces a delivery status that arrives after the instance ended, and changes nothing', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['hello', 'send_email', { subject: 'Hi' }],
      ],
      [['start', 'next', 'hello']],
    );
    harness.enter();
    expect(harness.instance.status).toBe('completed');
    const before = harness.instance;
    const result = harness.signal({
      kind: 'delivery_status',
      sendKey: 'k',
      nodeId: 'hello',
      status: 'capped',
    });
    expect(result.effects).toEqual([]);
    expect(result.trace).toEqual([
      expect.objectContaining({ type: 'delivery_status', nodeId: 'hello', message: 'delivery capped' }),
    ]);
    expect(result.instance).toBe(before);
  });

  it('traces a send delayed by a frequency cap with the rule and the time it waits for', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['hello', 'send_email', { subject: 'Hi' }],
      ],
      [['start', 'next', 'hello']],
    );
    harness.enter();
    const retryAt = Date.UTC(2025, 0, 2, 9, 0, 0);
    const capRule = { index: 1, channel: 'email', limit: 2, window: 'P1D' };
    const result = harness.signal({
      kind: 'delivery_status',
      sendKey: 'k',
      nodeId: 'hello',
      status: 'delayed',
      detail: 'until 2025-01-02T09:00:00.000Z by the workspace rule "at most 2 email per P1D" (rules[1])',
      retryAt,
      capRule,
    });
    expect(result.trace).toEqual([
      expect.objectContaining({
        type: 'delivery_status',
        message:
          'delivery delayed: until 2025-01-02T09:00:00.000Z by the workspace rule "at most 2 email per P1D" (rules[1])',
        data: expect.objectContaining({ status: 'delayed', retryAt: '2025-01-02T09:00:00.000Z', capRule }),
      }),
    ]);
  });
});

describe('condition', () => {
  const build = (expression: string): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['check', 'condition', { expression }],
        ['yes', 'send_email', { template: 'yes' }],
        ['no', 'send_email', { template: 'no' }],
      ],
      [
        ['start', 'next', 'check'],
        ['check', 'true', 'yes'],
        ['check', 'false', 'no'],
      ],
    );

  it('takes `true` when the expression holds and `false` otherwise', () => {
    const pro = build("customer.plan == 'pro' && context.amount > 100");
    pro.customer = { plan: 'pro' };
    pro.enter({ amount: 150 });
    expect(pro.sends()).toEqual(['yes']);
    const free = build("customer.plan == 'pro'");
    free.customer = {};
    free.enter();
    expect(free.sends()).toEqual(['no']);
  });

  it('traces the expression and its value as the reason for the branch taken', () => {
    const free = build("customer.plan == 'pro'");
    free.customer = { plan: 'free' };
    free.enter();
    expect(free.trace).toContainEqual(
      expect.objectContaining({
        type: 'node_completed',
        nodeId: 'check',
        message: `took output "false" (to "no"): customer.plan == 'pro' is false`,
        data: { output: 'false', condition: { expression: "customer.plan == 'pro'", value: false } },
      }),
    );
  });

  it('sees the event that moved the token during that step', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['w', 'wait_for_event', { event: 'paid' }],
        ['big', 'condition', { expression: 'event.properties.amount >= 100' }],
        ['vip', 'send_email', { template: 'vip' }],
        ['thanks', 'send_email', { template: 'thanks' }],
      ],
      [
        ['start', 'next', 'w'],
        ['w', 'event', 'big'],
        ['big', 'true', 'vip'],
        ['big', 'false', 'thanks'],
      ],
    );
    h.enter();
    h.event('paid', { amount: 250 });
    expect(h.sends()).toEqual(['vip']);
  });

  it('fails the instance, naming the node, when the expression cannot be evaluated', () => {
    const h = build('customer.plan ==');
    h.enter();
    expect(h.instance.status).toBe('failed');
    expect(h.instance.statusReason).toMatch(/^node "check" \(condition\) failed: Expected a value/);
    expect(h.traceTypes().at(-1)).toBe('instance_failed');
  });
});

describe('goal_reached', () => {
  it('counts a conversion and continues by `next`', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['goal', 'goal_reached'],
        ['after', 'send_email', { template: 'after' }],
      ],
      [
        ['start', 'next', 'goal'],
        ['goal', 'next', 'after'],
      ],
    );
    h.enter();
    expect(h.instance.conversions).toBe(1);
    expect(h.traceTypes()).toContain('goal_reached');
    expect(h.sends()).toEqual(['after']);
  });

  it('exits the instance when `exit` is set', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['goal', 'goal_reached', { exit: true }],
      ],
      [['start', 'next', 'goal']],
    );
    h.enter();
    expect(h.instance).toMatchObject({
      status: 'exited',
      statusReason: 'goal reached at node "goal"',
      conversions: 1,
    });
  });
});

describe('exit', () => {
  it('exits with the configured reason, or "exit node <id>"', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['bye', 'exit', { reason: 'not eligible' }],
      ],
      [['start', 'next', 'bye']],
    );
    h.enter();
    expect(h.instance).toMatchObject({
      status: 'exited',
      statusReason: 'not eligible',
      endedAt: T0,
      tokens: [],
    });
  });
});

describe('end of a path', () => {
  it('removes the token when no edge leaves by the output, and completes when no token remains', () => {
    const h = Harness.of(
      [
        ['start', 'manual_entry'],
        ['hello', 'send_email', { template: 'hi' }],
      ],
      [['start', 'next', 'hello']],
    );
    h.enter();
    expect(h.instance).toMatchObject({ status: 'completed', tokens: [], endedAt: T0 });
    expect(h.trace.at(-2)).toMatchObject({
      type: 'node_completed',
      nodeId: 'hello',
      message: 'took output "next" (end of path)',
    });
    expect(h.traceTypes().at(-1)).toBe('instance_completed');
  });
});
