import { alertEvent, changeOf, judge, windowAt, type WindowCounts } from './alert-evaluation';
import { alertRuleProblems, type AlertRule } from './alert-rule';

const MIN = 60_000;
const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 'alr_1',
  workspaceId: 'ws',
  name: 'webhook failures',
  kind: 'failure_rate',
  channel: 'webhook',
  thresholdPercent: 50,
  windowMinutes: 5,
  minSamples: 5,
  enabled: true,
  state: 'ok',
  stateVersion: 0,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});
const failures = (samples: number, failed: number): WindowCounts => ({
  kind: 'failure_rate',
  samples,
  failures: failed,
});

describe('alert rule evaluation', () => {
  it('looks at the last windowMinutes (or hours for no_entries) before now', () => {
    expect(windowAt(rule({ windowMinutes: 5 }), 10 * MIN)).toEqual({ start: 5 * MIN, end: 10 * MIN });
    expect(windowAt(rule({ kind: 'no_entries', hours: 2 }), 3 * 60 * MIN)).toEqual({
      start: 60 * MIN,
      end: 3 * 60 * MIN,
    });
  });

  it('does not fire a failure rate below the minimum sample: 1 failure of 1 send is not 100%', () => {
    expect(judge(rule({}), failures(1, 1), 0)).toEqual({ breached: false, value: 100, samples: 1 });
    expect(judge(rule({}), failures(4, 4), 0).breached).toBe(false);
    expect(judge(rule({}), failures(5, 3), 0)).toEqual({ breached: true, value: 60, samples: 5 });
  });

  it('fires a failure rate strictly above the threshold, 10 samples by default', () => {
    expect(judge(rule({}), failures(10, 5), 0).breached).toBe(false); // 50% is not above 50%
    expect(judge(rule({}), failures(10, 6), 0).breached).toBe(true);
    expect(judge(rule({ minSamples: undefined }), failures(9, 9), 0).breached).toBe(false);
    expect(judge(rule({ minSamples: undefined }), failures(10, 9), 0).breached).toBe(true);
  });

  it('fires a delivery rate below the threshold, never counting above 100%', () => {
    const r = rule({ kind: 'delivery_rate', thresholdPercent: 80, channel: 'email' });
    expect(judge(r, { kind: 'delivery_rate', sent: 10, delivered: 7 }, 0)).toEqual({
      breached: true,
      value: 70,
      samples: 10,
    });
    expect(judge(r, { kind: 'delivery_rate', sent: 10, delivered: 12 }, 0)).toEqual({
      breached: false,
      value: 100,
      samples: 10,
    });
    expect(judge(r, { kind: 'delivery_rate', sent: 3, delivered: 0 }, 0).breached).toBe(false);
  });

  it('fires no_entries only once the rule has watched a whole window with no entry', () => {
    const r = rule({ kind: 'no_entries', journeyId: 'jr_1', hours: 1, createdAt: 0 });
    expect(judge(r, { kind: 'no_entries', entered: 0 }, 30 * MIN).breached).toBe(false);
    expect(judge(r, { kind: 'no_entries', entered: 0 }, 60 * MIN).breached).toBe(true);
    expect(judge(r, { kind: 'no_entries', entered: 1 }, 90 * MIN).breached).toBe(false);
  });

  it('fires once when the condition starts, stays quiet while it lasts, resolves when it stops', () => {
    const breached = [false, true, true, true, false, false, true];
    let state: AlertRule['state'] = 'ok';
    const changes: string[] = [];
    for (const b of breached) {
      const change = changeOf(state, b);
      if (change !== undefined) {
        changes.push(change);
        state = change === 'fired' ? 'firing' : 'ok';
      }
    }
    expect(changes).toEqual(['fired', 'resolved', 'fired']);
  });

  it('describes a change with the rule, the measured value, the threshold and the window', () => {
    const r = rule({});
    const event = alertEvent(
      r,
      'fired',
      { breached: true, value: 200 / 3, samples: 6 },
      { start: 0, end: 5 * MIN },
    );
    expect(event).toEqual({
      type: 'alert.fired',
      at: 5 * MIN,
      message: 'webhook failures: failure rate 66.67% of 6 sends over 5 min (threshold above 50%) (firing)',
      data: {
        ruleId: 'alr_1',
        ruleName: 'webhook failures',
        kind: 'failure_rate',
        channel: 'webhook',
        value: 66.67,
        threshold: 50,
        samples: 6,
        windowMs: 5 * MIN,
        windowStart: 0,
        windowEnd: 5 * MIN,
      },
    });
  });
});

describe('alert rule definitions', () => {
  it('accepts each kind with the fields it needs', () => {
    expect(alertRuleProblems(rule({}))).toEqual([]);
    expect(alertRuleProblems(rule({ channel: undefined, journeyId: 'jr_1', nodeId: 'send' }))).toEqual([]);
    expect(alertRuleProblems(rule({ kind: 'delivery_rate', channel: 'email' }))).toEqual([]);
    expect(
      alertRuleProblems({ name: 'quiet', kind: 'no_entries', journeyId: 'jr_1', hours: 6, enabled: true }),
    ).toEqual([]);
  });

  it('says what to fix in a rule that cannot be evaluated', () => {
    expect(alertRuleProblems(rule({ thresholdPercent: 120, windowMinutes: 0, minSamples: 0 }))).toEqual([
      'thresholdPercent must be 0 to 100',
      'windowMinutes must be more than 0 and at most 1440',
      'minSamples must be a whole number from 1 to 1,000,000',
    ]);
    expect(alertRuleProblems(rule({ channel: 'fax' }))).toEqual([
      'channel must be one of email, sms, push, whatsapp, webhook',
    ]);
    expect(alertRuleProblems(rule({ channel: undefined, nodeId: 'send' }))).toEqual([
      'nodeId needs the journeyId of its journey',
    ]);
    expect(
      alertRuleProblems({ name: 'q', kind: 'no_entries', hours: 1, windowMinutes: 5, enabled: true }),
    ).toEqual(['a no_entries rule needs journeyId', 'windowMinutes does not apply to a no_entries rule']);
  });
});
