/** ab_split, frequency_cap and parallel. */
import { HOUR, Harness, MINUTE, T0, graph, version } from '../__tests__/harness';
import { abSplitVariant } from './branch-nodes';

describe('ab_split', () => {
  const variants = [
    { name: 'control', percent: 20 },
    { name: 'short', percent: 30 },
    { name: 'long', percent: 50 },
  ];
  const split = (customerId: string): Harness => {
    const harness = new Harness(
      version(
        graph(
          [
            ['start', 'manual_entry'],
            ['split', 'ab_split', { variants }],
            ['a', 'send_email', { template: 'control' }],
            ['b', 'send_email', { template: 'short' }],
            ['c', 'send_email', { template: 'long' }],
          ],
          [
            ['start', 'next', 'split'],
            ['split', 'variant:control', 'a'],
            ['split', 'variant:short', 'b'],
            ['split', 'variant:long', 'c'],
          ],
        ),
      ),
    );
    harness.instance = { ...harness.instance, customerId };
    return harness;
  };

  it('sends each customer down one variant, the same one every time', () => {
    for (const customer of ['cust-1', 'cust-2', 'cust-3']) {
      const first = split(customer);
      first.enter();
      const again = split(customer);
      again.enter();
      expect(first.sends()).toHaveLength(1);
      expect(again.sends()).toEqual(first.sends());
      const chosen = abSplitVariant(variants, customer, 'journey-1', 'split');
      expect(first.sends()).toEqual([chosen]);
      expect(first.trace).toContainEqual(
        expect.objectContaining({
          type: 'node_completed',
          nodeId: 'split',
          data: { output: `variant:${chosen}`, variant: chosen },
        }),
      );
    }
  });

  it('splits 10,000 customers by the percents, within 1.5 points', () => {
    const counts: Record<string, number> = { control: 0, short: 0, long: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[abSplitVariant(variants, `customer-${i}`, 'journey-1', 'split')]++;
    expect(Math.abs(counts.control - 2000)).toBeLessThan(150);
    expect(Math.abs(counts.short - 3000)).toBeLessThan(150);
    expect(Math.abs(counts.long - 5000)).toBeLessThan(150);
  });

  it('splits independently at two nodes of the same journey', () => {
    const half = [
      { name: 'a', percent: 50 },
      { name: 'b', percent: 50 },
    ];
    let same = 0;
    for (let i = 0; i < 2000; i++) {
      const id = `customer-${i}`;
      if (abSplitVariant(half, id, 'j', 'first') === abSplitVariant(half, id, 'j', 'second')) same++;
    }
    expect(same).toBeGreaterThan(850);
    expect(same).toBeLessThan(1150);
  });

  it('never chooses a variant of 0 percent', () => {
    const skewed = [
      { name: 'off', percent: 0 },
      { name: 'on', percent: 100 },
    ];
    for (let i = 0; i < 500; i++) expect(abSplitVariant(skewed, `c${i}`, 'j', 'n')).toBe('on');
  });
});

describe('frequency_cap', () => {
  const capped = (config: Record<string, unknown>): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['first', 'send_email', { template: 'first' }],
        ['cap', 'frequency_cap', config],
        ['ok', 'send_sms', { body: 'within' }],
        ['over', 'exit', { reason: 'capped' }],
      ],
      [
        ['start', 'next', 'first'],
        ['first', 'next', 'cap'],
        ['cap', 'within', 'ok'],
        ['cap', 'exceeded', 'over'],
      ],
    );

  it('continues by within under the limit, counting sends of this step too', () => {
    const harness = capped({ channel: 'email', limit: 2, window: 'P1D' });
    harness.facts = { recentSends: [{ channel: 'sms', at: T0 - HOUR }] };
    harness.enter();
    expect(harness.sends()).toEqual(['first', 'within']);
    expect(harness.instance.status).toBe('completed');
  });

  it('continues by exceeded at the limit; sends outside the window or of other channels do not count', () => {
    const harness = capped({ channel: 'email', limit: 2, window: 'P1D' });
    harness.facts = {
      recentSends: [
        { channel: 'email', at: T0 - 2 * HOUR },
        { channel: 'sms', at: T0 - MINUTE },
        { channel: 'email', at: T0 - 2 * 24 * HOUR },
      ],
    };
    harness.enter();
    expect(harness.instance).toMatchObject({ status: 'exited', statusReason: 'capped' });
    expect(harness.trace).toContainEqual(
      expect.objectContaining({
        nodeId: 'cap',
        data: {
          output: 'exceeded',
          cap: { channel: 'email', count: 2, limit: 2, window: 'P1D', allowed: false },
        },
        message: expect.stringContaining('2 email send(s) in P1D, limit 2'),
      }),
    );
  });

  it('counts every channel with "any" (the default) and reserves nothing', () => {
    const harness = capped({ limit: 2, window: 'PT1H' });
    harness.facts = { recentSends: [{ channel: 'push', at: T0 - MINUTE }] };
    harness.enter();
    expect(harness.instance.statusReason).toBe('capped');
    expect(harness.effects.map((e) => e.kind)).toEqual(['send']);
  });
});

describe('parallel', () => {
  const forked = (extra: Record<string, unknown> = {}): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['fork', 'parallel', { branches: ['mail', 'text'] }],
        ['mail', 'send_email', { template: 'mail' }],
        ['wait_mail', 'wait', { duration: 'PT1H' }],
        ['text', 'wait', { duration: 'PT2H' }],
        ['sms', 'send_sms', { body: 'text' }],
      ],
      [
        ['start', 'next', 'fork'],
        ['fork', 'branch:mail', 'mail'],
        ['fork', 'branch:text', 'text'],
        ['mail', 'next', 'wait_mail'],
        ['text', 'next', 'sms'],
      ],
      extra,
    );

  it('runs one token per branch; the instance completes when the last branch ends', () => {
    const harness = forked();
    harness.enter();
    expect(harness.instance.tokens.map((t) => [t.nodeId, t.state])).toEqual([
      ['wait_mail', 'waiting'],
      ['text', 'waiting'],
    ]);
    expect(new Set(harness.instance.tokens.map((t) => t.id)).size).toBe(2);
    expect(harness.sends()).toEqual(['mail']);
    expect(harness.trace).toContainEqual(
      expect.objectContaining({
        type: 'branch_forked',
        nodeId: 'fork',
        data: expect.objectContaining({ branches: ['mail', 'text'] }),
      }),
    );

    harness.fireWhenDue('wait_mail');
    expect(harness.instance.status).toBe('waiting');
    expect(harness.instance.tokens.map((t) => t.nodeId)).toEqual(['text']);
    harness.fireWhenDue('text');
    expect(harness.effectsOf('send').map((e) => e.channel)).toEqual(['email', 'sms']);
    expect(harness.instance.status).toBe('completed');
    expect(harness.traceTypes().filter((t) => t === 'instance_completed')).toHaveLength(1);
  });

  it('an exit on one branch exits the whole instance and cancels the other branch timers', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['fork', 'parallel', { branches: ['wait', 'leave'] }],
        ['long', 'wait', { duration: 'P3D' }],
        ['pause', 'wait', { duration: 'PT1H' }],
        ['bye', 'exit', { reason: 'branch exit' }],
      ],
      [
        ['start', 'next', 'fork'],
        ['fork', 'branch:wait', 'long'],
        ['fork', 'branch:leave', 'pause'],
        ['pause', 'next', 'bye'],
      ],
    );
    harness.enter();
    const longTimer = harness.timerAt('long');
    harness.fireWhenDue('pause');
    expect(harness.instance).toMatchObject({ status: 'exited', statusReason: 'branch exit', tokens: [] });
    expect(harness.effectsOf('cancel_timer').map((e) => e.timerId)).toEqual([longTimer]);
  });

  it('an end node ends only its own branch: the other branch goes on and the journey completes after it', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['fork', 'parallel', { branches: ['wait', 'check'] }],
        ['long', 'wait', { duration: 'P3D' }],
        ['later', 'send_email', { template: 'later' }],
        ['vip', 'condition', { expression: 'customer.vip == true' }],
        ['vip_sms', 'send_sms', { body: 'Hi VIP' }],
        ['done', 'end'],
      ],
      [
        ['start', 'next', 'fork'],
        ['fork', 'branch:wait', 'long'],
        ['fork', 'branch:check', 'vip'],
        ['vip', 'true', 'vip_sms'],
        ['vip', 'false', 'done'],
        ['long', 'next', 'later'],
      ],
    );
    harness.customer = { vip: false };
    harness.enter();
    // The check branch ended at "done"; the wait branch is still waiting.
    expect(harness.instance.status).toBe('waiting');
    expect(harness.instance.tokens).toHaveLength(1);
    expect(harness.effectsOf('cancel_timer')).toEqual([]);
    harness.fireWhenDue('long');
    expect(harness.sends()).toEqual(['later']);
    expect(harness.instance.status).toBe('completed');
  });

  it('two branches that meet run the shared node once per branch, with distinct send keys', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['fork', 'parallel', { branches: ['x', 'y'] }],
        ['shared', 'send_email', { template: 'shared' }],
      ],
      [
        ['start', 'next', 'fork'],
        ['fork', 'branch:x', 'shared'],
        ['fork', 'branch:y', 'shared'],
      ],
    );
    harness.enter();
    const keys = harness.effectsOf('send').map((e) => [e.visit, e.sendKey]);
    expect(keys).toHaveLength(2);
    expect(keys.map(([visit]) => visit)).toEqual([1, 2]);
    expect(new Set(keys.map(([, key]) => key)).size).toBe(2);
    expect(harness.instance.status).toBe('completed');
  });

  it('pause holds every branch; resume fires their due timers in deadline order', () => {
    const harness = forked();
    harness.enter();
    harness.signal({ kind: 'pause' });
    harness.at(T0 + 3 * HOUR).fire('text');
    harness.fire('wait_mail');
    expect(harness.instance.status).toBe('paused');
    expect(harness.instance.tokens.every((t) => t.firedWhilePaused)).toBe(true);
    harness.signal({ kind: 'resume' });
    const completed = harness.trace.filter(
      (t) => t.type === 'node_completed' && ['wait_mail', 'text'].includes(t.nodeId!),
    );
    expect(completed.map((t) => t.nodeId)).toEqual(['wait_mail', 'text']);
    expect(harness.instance.status).toBe('completed');
  });

  it('an exit signal ends every branch at once', () => {
    const harness = forked();
    harness.enter();
    const timers = harness.instance.tokens.map((t) => t.wait!.timerId);
    harness.signal({ kind: 'exit', reason: 'operator' });
    expect(harness.instance).toMatchObject({ status: 'exited', tokens: [] });
    expect(
      harness
        .effectsOf('cancel_timer')
        .map((e) => e.timerId)
        .sort(),
    ).toEqual([...timers].sort());
  });
});
