/** Channel nodes: one send per visit on the node's channel, and send windows (quiet hours). */
import { HOUR, Harness, T0 } from '../__tests__/harness';
import { sendKey } from '../hash';
import type { JourneyGraph, NodeType } from '../model/graph';

const oneSend = (type: NodeType, config: Record<string, unknown>): Harness =>
  Harness.of(
    [
      ['start', 'manual_entry'],
      ['send', type, config],
      ['done', 'exit'],
    ],
    [
      ['start', 'next', 'send'],
      ['send', 'next', 'done'],
    ],
  );

describe('channel nodes', () => {
  it.each([
    ['send_email', 'email', { template: 'welcome', provider: 'ses' }],
    ['send_sms', 'sms', { body: 'Hi {{ customer.firstName }}', to: 'mobile' }],
    ['send_push', 'push', { title: 'Cart', body: 'You left something', data: { screen: 'cart' } }],
    ['send_whatsapp', 'whatsapp', { template: 'order_update' }],
    ['call_webhook', 'webhook', { url: 'https://crm.example.com/hook', method: 'PUT', retries: 2 }],
  ] as const)(
    '%s emits one %s send with the unrendered config and continues by next',
    (type, channel, config) => {
      const harness = oneSend(type, config);
      harness.enter();
      const key = sendKey('inst-1', 'send', 1);
      expect(harness.effectsOf('send')).toEqual([
        { kind: 'send', id: key, channel, sendKey: key, nodeId: 'send', visit: 1, config },
      ]);
      expect(harness.trace).toContainEqual(
        expect.objectContaining({
          type: 'send_requested',
          data: {
            sendKey: key,
            visit: 1,
            channel,
            ...('template' in config && { template: config.template }),
          },
        }),
      );
      expect(harness.instance.status).toBe('exited');
    },
  );
});

describe('the trace of a send', () => {
  it.each([
    [
      'send_email',
      { template: 'welcome' },
      `requested email template "welcome" to customer cust-1's email address`,
    ],
    [
      'send_email',
      { subject: 'Your cart', body: 'Hi' },
      `requested email "Your cart" to customer cust-1's email address`,
    ],
    [
      'send_sms',
      { body: 'Hi {{ customer.firstName }}', to: 'mobile' },
      `requested sms "Hi {{ customer.firstName }}" to customer cust-1's mobile`,
    ],
    [
      'send_sms',
      { body: 'x'.repeat(80) },
      `requested sms "${'x'.repeat(59)}\u2026" to customer cust-1's phone`,
    ],
    [
      'send_push',
      { title: 'Cart', body: 'You left something' },
      `requested push "Cart" to customer cust-1's device`,
    ],
    [
      'send_whatsapp',
      { template: 'order_update' },
      `requested whatsapp template "order_update" to customer cust-1's phone`,
    ],
    [
      'call_webhook',
      { url: 'https://crm.example.com/hook', method: 'PUT' },
      'requested webhook PUT https://crm.example.com/hook',
    ],
  ] as const)('says what %s asked for, on which channel, to whom: %j', (type, config, message) => {
    const harness = oneSend(type, config);
    harness.enter();
    const [entry] = harness.trace.filter((e) => e.type === 'send_requested');
    expect(entry.message).toBe(message);
  });
});

describe('delivery statuses', () => {
  it.each(['delivered', 'opened', 'clicked', 'bounced', 'capped'] as const)(
    'traces a %s status without moving anything',
    (status) => {
      const harness = Harness.of(
        [
          ['start', 'manual_entry'],
          ['send', 'send_sms', { body: 'hi' }],
          ['later', 'wait', { duration: 'P1D' }],
        ],
        [
          ['start', 'next', 'send'],
          ['send', 'next', 'later'],
        ],
      );
      harness.enter();
      const result = harness.signal({ kind: 'delivery_status', sendKey: 'k', nodeId: 'send', status });
      expect(result.effects).toEqual([]);
      expect(result.trace).toEqual([
        expect.objectContaining({ type: 'delivery_status', nodeId: 'send', message: `delivery ${status}` }),
      ]);
      expect(result.instance.tokens).toEqual(harness.instance.tokens);
    },
  );
});

describe('send windows', () => {
  // T0 is Wednesday 2025-01-01 09:00 UTC.
  const windowed = (sendWindow: Record<string, unknown>, extra: Partial<JourneyGraph> = {}): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['sms', 'send_sms', { body: 'hello', sendWindow }],
        ['after', 'send_email', { template: 'after' }],
      ],
      [
        ['start', 'next', 'sms'],
        ['sms', 'next', 'after'],
      ],
      extra,
    );

  it('sends at once inside the window', () => {
    const harness = windowed({ start: '08:00', end: '20:00' });
    harness.enter();
    expect(harness.effectsOf('send').map((e) => e.channel)).toEqual(['sms', 'email']);
    expect(harness.instance.status).toBe('completed');
  });

  it('outside the window waits for the next opening, then sends with the key of its visit', () => {
    const harness = windowed({ start: '22:00', end: '06:00' });
    harness.enter();
    expect(harness.effectsOf('send')).toEqual([]);
    const token = harness.waitingToken('sms');
    expect(token.wait).toMatchObject({
      kind: 'timer',
      purpose: 'send_window',
      visit: 1,
      dueAt: T0 + 13 * HOUR,
    });
    expect(harness.effectsOf('schedule_timer')).toEqual([
      expect.objectContaining({ dueAt: T0 + 13 * HOUR, nodeId: 'sms' }),
    ]);
    expect(harness.trace).toContainEqual(
      expect.objectContaining({
        type: 'waiting',
        message: expect.stringContaining('outside the send window 22:00-06:00 (UTC)'),
      }),
    );

    harness.fireWhenDue('sms');
    expect(harness.effectsOf('send')).toEqual([
      expect.objectContaining({ channel: 'sms', sendKey: sendKey('inst-1', 'sms', 1), visit: 1 }),
      expect.objectContaining({ channel: 'email' }),
    ]);
    expect(harness.instance.visits).toEqual({ start: 1, sms: 1, after: 1 });
    expect(harness.instance.status).toBe('completed');
  });

  it("reads the window in the customer's time zone", () => {
    // 09:00 UTC is 18:00 in Tokyo: closed for an 08:00-17:00 window until 08:00 Tokyo = 23:00 UTC.
    const harness = windowed({ start: '08:00', end: '17:00', timezone: 'Europe/Paris' });
    harness.customer = { timezone: 'Asia/Tokyo' };
    harness.enter();
    expect(harness.waitingToken('sms').wait?.dueAt).toBe(T0 + 14 * HOUR);
  });

  it("falls back to the workspace's time zone", () => {
    // 09:00 UTC is 04:00 in New York; the window opens at 08:00 New York = 13:00 UTC.
    const harness = windowed({ start: '08:00', end: '17:00' });
    harness.facts = { workspaceTimezone: 'America/New_York' };
    harness.enter();
    expect(harness.waitingToken('sms').wait?.dueAt).toBe(T0 + 4 * HOUR);
  });

  it('waits again when the timer fires after the window closed (downtime)', () => {
    const harness = windowed({ start: '10:00', end: '11:00' });
    harness.enter();
    harness.at(T0 + 3 * HOUR).fire('sms');
    expect(harness.effectsOf('send')).toEqual([]);
    expect(harness.waitingToken('sms').wait).toMatchObject({ dueAt: T0 + 25 * HOUR, visit: 1 });
  });

  it('sends nothing when the exit criteria became true while waiting for the window', () => {
    const harness = windowed({ start: '22:00', end: '06:00' }, { exitCriteria: 'customer.unsubscribed' });
    harness.enter();
    harness.customer = { unsubscribed: true };
    harness.fireWhenDue('sms');
    expect(harness.effectsOf('send')).toEqual([]);
    expect(harness.instance).toMatchObject({ status: 'exited', statusReason: 'exit criteria met' });
  });

  it('defers the send while paused and sends on resume', () => {
    const harness = windowed({ start: '22:00', end: '06:00' });
    harness.enter();
    harness.signal({ kind: 'pause' });
    harness.fireWhenDue('sms');
    expect(harness.effectsOf('send')).toEqual([]);
    harness.signal({ kind: 'resume' });
    expect(harness.effectsOf('send').map((e) => e.channel)).toEqual(['sms', 'email']);
  });
});
