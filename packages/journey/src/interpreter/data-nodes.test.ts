/** update_profile, add_tag, remove_tag and custom_code. */
import { Harness } from '../__tests__/harness';
import { deriveId } from '../hash';
import type { CodeRunRequest, CodeRunResult } from '../model/facts';

describe('update_profile', () => {
  const build = (config: Record<string, unknown>): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['update', 'update_profile', config],
        [
          'check',
          'condition',
          { expression: "customer.plan == 'pro' && customer.visits == 3 && !exists(customer.trial)" },
        ],
        ['yes', 'send_email', { template: 'yes' }],
        ['no', 'send_email', { template: 'no' }],
      ],
      [
        ['start', 'next', 'update'],
        ['update', 'next', 'check'],
        ['check', 'true', 'yes'],
        ['check', 'false', 'no'],
      ],
    );

  it('emits an update_profile effect with a deterministic id, and later nodes of the step see the change', () => {
    const harness = build({ set: { plan: 'pro' }, unset: ['trial'], increment: { visits: 1 } });
    harness.customer = { plan: 'free', visits: 2, trial: true };
    harness.enter();
    expect(harness.effectsOf('update_profile')).toEqual([
      {
        kind: 'update_profile',
        id: deriveId('eff', 'inst-1', 'update', 1, 'update_profile'),
        nodeId: 'update',
        set: { plan: 'pro' },
        unset: ['trial'],
        increment: { visits: 1 },
      },
    ]);
    expect(harness.sends()).toEqual(['yes']);
    expect(harness.customer).toEqual({ plan: 'free', visits: 2, trial: true });
    expect(harness.trace).toContainEqual(
      expect.objectContaining({
        type: 'profile_updated',
        message: 'profile attributes updated: plan, trial, visits',
      }),
    );
  });

  it('counts a missing attribute as 0 when incrementing', () => {
    const harness = build({ set: { plan: 'pro' }, increment: { visits: 3 } });
    harness.customer = {};
    harness.enter();
    expect(harness.sends()).toEqual(['yes']);
  });

  it('lets the exit criteria see the change before the next node', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['update', 'update_profile', { set: { unsubscribed: true } }],
        ['mail', 'send_email', { template: 'never' }],
      ],
      [
        ['start', 'next', 'update'],
        ['update', 'next', 'mail'],
      ],
      { exitCriteria: 'customer.unsubscribed == true' },
    );
    harness.enter();
    expect(harness.sends()).toEqual([]);
    expect(harness.instance).toMatchObject({ status: 'exited', statusReason: 'exit criteria met' });
  });
});

describe('add_tag and remove_tag', () => {
  it('emit tag effects that later conditions in the step already see', () => {
    const harness = Harness.of(
      [
        ['start', 'manual_entry'],
        ['tag', 'add_tag', { tags: ['vip', 'beta'] }],
        ['untag', 'remove_tag', { tag: 'trial' }],
        [
          'check',
          'condition',
          { expression: "hasTag('vip') && 'beta' in customer.tags && !hasTag('trial')" },
        ],
        ['yes', 'send_email', { template: 'yes' }],
        ['no', 'send_email', { template: 'no' }],
      ],
      [
        ['start', 'next', 'tag'],
        ['tag', 'next', 'untag'],
        ['untag', 'next', 'check'],
        ['check', 'true', 'yes'],
        ['check', 'false', 'no'],
      ],
    );
    harness.customer = { tags: ['trial', 'beta'] };
    harness.enter();
    expect(harness.effectsOf('tag')).toEqual([
      { kind: 'tag', id: deriveId('eff', 'inst-1', 'tag', 1, 'tag'), nodeId: 'tag', add: ['vip', 'beta'] },
      { kind: 'tag', id: deriveId('eff', 'inst-1', 'untag', 1, 'tag'), nodeId: 'untag', remove: ['trial'] },
    ]);
    expect(harness.sends()).toEqual(['yes']);
  });
});

describe('custom_code', () => {
  const build = (config: Record<string, unknown>, withError = true): Harness =>
    Harness.of(
      [
        ['start', 'manual_entry'],
        ['code', 'custom_code', { outputs: ['hot'], ...config }],
        ['normal', 'send_email', { template: 'normal' }],
        ['hot', 'send_email', { template: 'hot' }],
        ['oops', 'send_email', { template: 'oops' }],
      ],
      [
        ['start', 'next', 'code'],
        ['code', 'next', 'normal'],
        ['code', 'hot', 'hot'],
        ...(withError ? ([['code', 'error', 'oops']] as Array<[string, string, string]>) : []),
      ],
    );
  const runner =
    (result: CodeRunResult, seen: CodeRunRequest[] = []) =>
    (request: CodeRunRequest) => {
      seen.push(request);
      return result;
    };

  it('passes code, input and limits to the runner and follows the output it chooses', () => {
    const seen: CodeRunRequest[] = [];
    const harness = build({ code: 'return { output: "hot" }', timeoutMs: 250, memoryMb: 8 });
    harness.customer = { score: 9 };
    harness.facts = { runCode: runner({ ok: true, value: { output: 'hot' } }, seen) };
    harness.enter({ orderId: 'o-1' });
    expect(seen).toEqual([
      {
        code: 'return { output: "hot" }',
        input: {
          customer: { score: 9 },
          context: { orderId: 'o-1' },
          event: null,
          now: 1735722000000,
          seed: 'inst-1:code:1',
        },
        timeoutMs: 250,
        memoryBytes: 8 * 1024 * 1024,
      },
    ]);
    expect(harness.sends()).toEqual(['hot']);
  });

  it('uses 100 ms and 16 MB by default, and next when the code returns nothing', () => {
    const seen: CodeRunRequest[] = [];
    const harness = build({ code: 'return' });
    harness.facts = { runCode: runner({ ok: true, value: undefined }, seen) };
    harness.enter();
    expect(seen[0]).toMatchObject({ timeoutMs: 100, memoryBytes: 16 * 1024 * 1024 });
    expect(harness.sends()).toEqual(['normal']);
  });

  it('merges the returned context and turns the returned profile into an update_profile effect', () => {
    const harness = build({ code: '...' });
    harness.facts = {
      runCode: runner({ ok: true, value: { context: { discount: 10 }, profile: { segment: 'warm' } } }),
    };
    harness.enter({ orderId: 'o-1' });
    expect(harness.instance.context).toEqual({ orderId: 'o-1', discount: 10 });
    expect(harness.effectsOf('update_profile')).toEqual([
      expect.objectContaining({ nodeId: 'code', set: { segment: 'warm' } }),
    ]);
    expect(harness.sends()).toEqual(['normal']);
  });

  const failures: Array<[string, CodeRunResult, string]> = [
    ['a runner error (timeout)', { ok: false, error: 'timed out after 100 ms' }, 'timed out after 100 ms'],
    [
      'an undeclared output',
      { ok: true, value: { output: 'cold' } },
      'output "cold"; use one of "next", "hot"',
    ],
    ['a non-object return', { ok: true, value: 42 }, 'must return an object'],
    ['an unknown field', { ok: true, value: { outptu: 'hot' } }, 'unknown field "outptu"'],
    ['a context that is not an object', { ok: true, value: { context: [1] } }, '"context" as an array'],
  ];
  it.each(failures)('takes the error output on %s', (_, result, message) => {
    const harness = build({ code: '...' });
    harness.facts = { runCode: runner(result) };
    harness.enter();
    expect(harness.sends()).toEqual(['oops']);
    expect(harness.trace).toContainEqual(
      expect.objectContaining({
        nodeId: 'code',
        data: { output: 'error' },
        message: expect.stringContaining(message),
      }),
    );
  });

  it('takes the error output when the runner itself throws', () => {
    const harness = build({ code: '...' });
    harness.facts = {
      runCode: () => {
        throw new Error('isolate crashed');
      },
    };
    harness.enter();
    expect(harness.sends()).toEqual(['oops']);
  });

  it('fails the instance, naming the node, when there is no error edge', () => {
    const harness = build({ code: 'throw 1' }, false);
    harness.facts = { runCode: runner({ ok: false, error: 'Error: 1' }) };
    harness.enter();
    expect(harness.instance).toMatchObject({
      status: 'failed',
      statusReason: 'node "code" (custom_code) failed: Error: 1',
    });
  });

  it('fails the instance when no code runner is configured', () => {
    const harness = build({ code: 'return' });
    harness.enter();
    expect(harness.instance).toMatchObject({
      status: 'failed',
      statusReason: 'node "code" (custom_code) cannot run: no code runner is configured (facts.runCode)',
    });
  });
});
