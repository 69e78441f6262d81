import { AppError } from '@kalcifer/platform';
import { parseMapping, parsePolicy, parseRollout, parseStrategy } from './publish-input';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('the migration fields of a publish', () => {
  it('defaults to new_entries_only and refuses an unknown strategy, listing the known ones', () => {
    expect(parseStrategy('')).toBe('new_entries_only');
    expect(parseStrategy('gradual')).toBe('gradual');
    const err = refusal(() => parseStrategy('migrate_some'));
    expect(err.code).toBe('unsupported_strategy');
    expect(err.message).toContain('new_entries_only, migrate_all, gradual');
  });

  it('reads a removed-node policy, or none when empty', () => {
    expect(parsePolicy('')).toBeUndefined();
    expect(parsePolicy('hold')).toBe('hold');
    expect(refusal(() => parsePolicy('drop')).code).toBe('invalid_policy');
  });

  it('reads mapping edits: node ids and policies, and names the entry that is neither', () => {
    expect(parseMapping({ a: 'a2', gone: { policy: 'exit' } })).toEqual({
      a: 'a2',
      gone: { policy: 'exit' },
    });
    expect(parseMapping(undefined)).toEqual({});
    const err = refusal(() => parseMapping({ c: { policy: 'teleport' } }));
    expect(err.code).toBe('invalid_mapping');
    expect(err.message).toContain('mapping["c"]');
  });

  it('gives migrate_all 100% and no schedule, and refuses a rollout for another strategy', () => {
    expect(parseRollout('migrate_all', undefined)).toEqual({ percent: 100, schedule: [] });
    expect(refusal(() => parseRollout('migrate_all', { percent: 10 })).code).toBe('invalid_rollout');
  });

  it('needs a starting percent for gradual, and schedule steps that go up in percent and time', () => {
    expect(refusal(() => parseRollout('gradual', undefined)).message).toContain('rollout.percent');
    expect(
      parseRollout('gradual', {
        percent: 10,
        schedule: [
          { percent: 50, at: '2026-12-01T09:00:00Z' },
          { percent: 100, at: '2026-12-02T09:00:00Z' },
        ],
      }),
    ).toEqual({
      percent: 10,
      schedule: [
        { percent: 50, at: Date.parse('2026-12-01T09:00:00Z'), done: false },
        { percent: 100, at: Date.parse('2026-12-02T09:00:00Z'), done: false },
      ],
    });
    expect(
      refusal(() =>
        parseRollout('gradual', { percent: 50, schedule: [{ percent: 40, at: '2026-12-01T09:00:00Z' }] }),
      ).message,
    ).toContain('above 50');
    expect(
      refusal(() =>
        parseRollout('gradual', {
          percent: 10,
          schedule: [
            { percent: 50, at: '2026-12-02T09:00:00Z' },
            { percent: 100, at: '2026-12-01T09:00:00Z' },
          ],
        }),
      ).message,
    ).toContain('time order');
    expect(
      refusal(() => parseRollout('gradual', { percent: 10, schedule: [{ percent: 50, at: 'soon' }] }))
        .message,
    ).toContain('ISO 8601');
  });
});
