import { CapPolicyError, compileCapRules, parseCapPolicy, parseStoredCapPolicy } from './cap-policy';

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseCapPolicy(input);
  } catch (error) {
    if (error instanceof CapPolicyError) return error.issues;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

describe('cap policy validation', () => {
  it('accepts a policy of 2 emails a day and 5 sends of any channel a week', () => {
    const policy = {
      rules: [
        { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
        { channel: '*', limit: 5, window: 'P1W', onCapped: 'delay' },
      ],
    };
    expect(parseCapPolicy(policy)).toEqual(policy);
  });

  it('accepts an empty rule list as "no caps"', () => {
    expect(parseCapPolicy({ rules: [] })).toEqual({ rules: [] });
  });

  it('refuses a rule on webhook calls, which are never counted, and says what to use instead', () => {
    const issues = issuesOf({ rules: [{ channel: 'webhook', limit: 3, window: 'P1D', onCapped: 'skip' }] });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('rules[0].channel');
    expect(issues[0].message).toContain('"webhook" cannot be capped');
    expect(issues[0].message).toContain('"*"');
  });

  it('leaves out a webhook rule stored before such rules were refused (it never applied)', () => {
    const email = { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' };
    expect(
      parseStoredCapPolicy({
        rules: [{ channel: 'webhook', limit: 3, window: 'P1D', onCapped: 'delay' }, email],
      }),
    ).toEqual({ rules: [email] });
    expect(() => parseStoredCapPolicy({ rules: [{ ...email, limit: 0 }] })).toThrow(CapPolicyError);
  });

  it('names every wrong field of a rule and says what to write instead', () => {
    const issues = issuesOf({ rules: [{ channel: 'fax', limit: 0, window: '1 day', onCapped: 'drop' }] });
    expect(issues.map((i) => i.path)).toEqual([
      'rules[0].channel',
      'rules[0].limit',
      'rules[0].window',
      'rules[0].onCapped',
    ]);
    expect(issues[0].message).toContain('"email"');
    expect(issues[1].message).toContain('whole number from 1');
    expect(issues[2].message).toContain('PT30M');
    expect(issues[3].message).toContain('"skip"');
  });

  it('rejects months (no fixed length) and windows beyond 366 days or under a second', () => {
    expect(
      issuesOf({ rules: [{ channel: 'sms', limit: 1, window: 'P1M', onCapped: 'skip' }] })[0].message,
    ).toMatch(/months have no fixed length/);
    expect(
      issuesOf({ rules: [{ channel: 'sms', limit: 1, window: 'P400D', onCapped: 'skip' }] })[0].message,
    ).toMatch(/at most 366 days/);
    expect(
      issuesOf({ rules: [{ channel: 'sms', limit: 1, window: 'PT0.5S', onCapped: 'skip' }] })[0].message,
    ).toMatch(/at least one second/);
  });

  it('rejects fractional limits and unknown fields', () => {
    const issues = issuesOf({
      rules: [{ channel: 'push', limit: 1.5, window: 'PT1H', onCapped: 'delay', x: 1 }],
    });
    expect(issues.map((i) => i.path)).toEqual(['rules[0].x', 'rules[0].limit']);
    expect(issuesOf({ rules: [], extra: true })[0].path).toBe('extra');
  });

  it('rejects two rules for the same channel and window, pointing at the first', () => {
    const issues = issuesOf({
      rules: [
        { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
        { channel: 'email', limit: 3, window: 'PT24H', onCapped: 'delay' },
      ],
    });
    expect(issues).toEqual([{ path: 'rules[1]', message: expect.stringContaining('rules[0]') }]);
  });

  it('rejects a policy that is not an object with a rules array', () => {
    expect(issuesOf(null)[0].path).toBe('(policy)');
    expect(issuesOf({ rules: 'email:2/day' })[0]).toEqual({
      path: 'rules',
      message: expect.stringContaining('array'),
    });
  });

  it('is a 4xx-mappable application error with a machine-readable code', () => {
    const error = (() => {
      try {
        parseCapPolicy({ rules: [{}] });
      } catch (e) {
        return e as CapPolicyError;
      }
    })();
    expect(error).toBeInstanceOf(CapPolicyError);
    expect(error?.kind).toBe('invalid');
    expect(error?.code).toBe('invalid_cap_policy');
  });

  it('compiles rules to their window in milliseconds and their index in the policy', () => {
    const rules = [
      { channel: 'email' as const, limit: 2, window: 'P1D', onCapped: 'skip' as const },
      { channel: '*' as const, limit: 9, window: 'PT1H30M', onCapped: 'delay' as const },
    ];
    expect(compileCapRules(rules).map((r) => [r.index, r.windowMs])).toEqual([
      [0, 86_400_000],
      [1, 5_400_000],
    ]);
  });
});
