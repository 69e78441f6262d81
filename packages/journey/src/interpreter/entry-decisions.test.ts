/** What the orchestrator asks before enrolling: re-entry, segments, event filters, schedule criteria. */
import { Harness, T0, graph } from '../__tests__/harness';
import type { InstanceStatus } from '../model/instance';
import {
  evaluateSegment,
  matchingEventEntries,
  mayEnter,
  meetsScheduleCriteria,
  reentryPolicy,
} from './entry-match';

const instances = (...statuses: InstanceStatus[]): Array<{ status: InstanceStatus }> =>
  statuses.map((status) => ({ status }));

describe('mayEnter', () => {
  it('"once" lets a customer in only if they never entered', () => {
    expect(mayEnter('once', [])).toBe(true);
    expect(mayEnter('once', instances('completed'))).toBe(false);
    expect(mayEnter('once', instances('failed'))).toBe(false);
  });

  it('"once_at_a_time" (the default) lets them in again only when no instance is live', () => {
    for (const policy of ['once_at_a_time', undefined] as const) {
      expect(mayEnter(policy, [])).toBe(true);
      expect(mayEnter(policy, instances('completed', 'exited', 'failed'))).toBe(true);
      for (const live of ['active', 'waiting', 'paused', 'held'] as const) {
        expect(mayEnter(policy, instances('completed', live))).toBe(false);
      }
    }
  });

  it('"always" lets them in whatever they have', () => {
    expect(mayEnter('always', instances('active', 'waiting'))).toBe(true);
  });
});

describe('reentryPolicy', () => {
  it("reads an entry node's policy, once_at_a_time when unset", () => {
    expect(reentryPolicy({ id: 'e', type: 'event_entry', config: { event: 'x', reentry: 'always' } })).toBe(
      'always',
    );
    expect(reentryPolicy({ id: 'e', type: 'webhook_entry', config: {} })).toBe('once_at_a_time');
    expect(() => reentryPolicy({ id: 'w', type: 'wait', config: { duration: 'P1D' } })).toThrow(
      'node "w" (wait) is not an entry node',
    );
  });
});

describe('evaluateSegment', () => {
  const pro = { segment: { expression: "customer.plan == 'pro' && hasTag('vip')" } };

  it('evaluates an expression over profile attributes and tags', () => {
    expect(evaluateSegment(pro, { plan: 'pro', tags: ['vip'] })).toBe(true);
    expect(evaluateSegment(pro, { plan: 'pro', tags: ['beta'] })).toBe(false);
    expect(evaluateSegment(pro, { plan: 'pro' })).toBe(false);
    expect(evaluateSegment({ expression: "'vip' in customer.tags" }, { tags: ['vip'] })).toBe(true);
  });

  it('refuses a url segment, which the orchestrator decides by calling the URL', () => {
    expect(() => evaluateSegment({ segment: { url: 'https://seg.example.com' } }, {})).toThrow(
      'evaluated by calling that URL',
    );
  });
});

describe('matchingEventEntries', () => {
  const journey = graph(
    [
      ['big', 'event_entry', { event: 'order', filter: 'event.properties.amount > 100' }],
      ['any', 'event_entry', { event: 'order' }],
      ['other', 'event_entry', { event: 'signup' }],
    ],
    [],
  );
  const order = (amount: number) => ({ id: 'e1', name: 'order', properties: { amount }, timestamp: T0 });

  it('matches by event name and filter', () => {
    expect(matchingEventEntries(journey, order(150), {}, T0)).toEqual(['big', 'any']);
    expect(matchingEventEntries(journey, order(50), {}, T0)).toEqual(['any']);
  });

  it('reads event properties directly too: event.amount is event.properties.amount', () => {
    const short = graph(
      [['big', 'event_entry', { event: 'order', filter: "event.amount > 100 && event.name == 'order'" }]],
      [],
    );
    expect(matchingEventEntries(short, order(150), {}, T0)).toEqual(['big']);
    expect(matchingEventEntries(short, order(50), {}, T0)).toEqual([]);
    // The event's own fields win over a property of the same name.
    const named = { id: 'e2', name: 'order', properties: { name: 'shadow', amount: 500 }, timestamp: T0 };
    expect(matchingEventEntries(short, named, {}, T0)).toEqual(['big']);
  });
});

describe('meetsScheduleCriteria', () => {
  const node = (criteria?: string) => ({
    id: 's',
    type: 'scheduled_entry' as const,
    config: { cron: '0 9 * * mon', ...(criteria === undefined ? {} : { criteria }) },
  });

  it('enrols everyone without criteria, else those the criteria select', () => {
    expect(meetsScheduleCriteria(node(), {}, T0)).toBe(true);
    expect(meetsScheduleCriteria(node("customer.plan == 'trial'"), { plan: 'trial' }, T0)).toBe(true);
    expect(meetsScheduleCriteria(node("customer.plan == 'trial'"), { plan: 'pro' }, T0)).toBe(false);
    expect(meetsScheduleCriteria(node('customer.plan =='), { plan: 'pro' }, T0)).toBe(false);
  });
});

describe('entering by the new entry kinds', () => {
  it.each([
    ['segment_entry', { segment: { url: 'https://seg.example.com/vip' }, evaluateEvery: 'PT1H' }],
    ['webhook_entry', { contextFrom: 'body' }],
    ['scheduled_entry', { cron: '0 9 * * mon', timezone: 'Europe/Paris' }],
  ] as const)('%s passes the customer on with the payload as context', (type, config) => {
    const harness = Harness.of(
      [
        ['start', type, config],
        ['mail', 'send_email', { template: 'hello' }],
      ],
      [['start', 'next', 'mail']],
    );
    harness.enter({ orderId: 'o-9' });
    expect(harness.instance.context).toEqual({ orderId: 'o-9' });
    expect(harness.sends()).toEqual(['hello']);
    expect(harness.instance.status).toBe('completed');
  });

  it('a wait_for_event correlates on the entry event property copied into the context', () => {
    const harness = Harness.of(
      [
        ['start', 'event_entry', { event: 'order_placed' }],
        ['paid', 'wait_for_event', { event: 'order_paid', timeout: 'P1D', correlationKey: 'orderId' }],
        ['thanks', 'send_email', { template: 'thanks' }],
        ['remind', 'send_email', { template: 'remind' }],
      ],
      [
        ['start', 'next', 'paid'],
        ['paid', 'event', 'thanks'],
        ['paid', 'timeout', 'remind'],
      ],
    );
    // The orchestrator enters with the entry event's properties as the context.
    harness.enter({ orderId: 'o-1', amount: 30 });
    harness.event('order_paid', { orderId: 'o-2' });
    expect(harness.sends()).toEqual([]);
    harness.event('order_paid', { orderId: 'o-1' });
    expect(harness.sends()).toEqual(['thanks']);
  });

  it('a condition in the step of an event reads its properties as event.x', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['paid', 'wait_for_event', { event: 'order_paid' }],
        ['big', 'condition', { expression: 'event.amount >= 100 && event.properties.amount >= 100' }],
        ['vip', 'send_email', { template: 'vip' }],
        ['std', 'send_email', { template: 'std' }],
      ],
      [
        ['start', 'next', 'paid'],
        ['paid', 'event', 'big'],
        ['big', 'true', 'vip'],
        ['big', 'false', 'std'],
      ],
    );
    harness.enter();
    harness.event('order_paid', { amount: 120 });
    expect(harness.sends()).toEqual(['vip']);
  });
});
