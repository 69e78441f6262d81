import { AppError } from '@kalcifer/platform';
import { ZodPipe } from '../zod.pipe';
import {
  diffQuerySchema,
  publishVersionSchema,
  releaseSchema,
  rollbackSchema,
  setRolloutSchema,
} from './versions.schema';

function rejection(pipe: ZodPipe<unknown>, value: unknown): AppError {
  try {
    pipe.transform(value);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('publish requests with a live migration', () => {
  const pipe = new ZodPipe(publishVersionSchema);

  it('accepts a gradual publish with a mapping, a policy and a rollout schedule', () => {
    const body = {
      strategy: 'gradual',
      mapping: { old_wait: 'new_wait', gone: { policy: 'exit' } },
      removedNodePolicy: 'hold',
      rollout: { percent: 10, schedule: [{ percent: 50, at: '2026-12-01T09:00:00Z' }] },
      dryRun: true,
    };
    expect(pipe.transform(body)).toEqual(body);
  });

  it('refuses a mapping value that is neither a node id nor a policy, saying what to send', () => {
    expect(
      rejection(pipe, { strategy: 'migrate_all', mapping: { a: { policy: 'teleport' } } }).message,
    ).toContain('policy');
    expect(rejection(pipe, { strategy: 'migrate_all', mapping: { a: 42 } }).message).toContain('node id');
  });

  it('refuses an unknown removed-node policy', () => {
    expect(rejection(pipe, { removedNodePolicy: 'drop' }).message).toContain('skip, exit, hold');
  });

  it('refuses a rollout percent outside 1..100 and a schedule time that is not ISO 8601', () => {
    expect(rejection(pipe, { strategy: 'gradual', rollout: { percent: 0 } }).message).toContain('1 to 100');
    expect(rejection(pipe, { strategy: 'gradual', rollout: { percent: 10.5 } }).message).toContain(
      'whole number',
    );
    expect(
      rejection(pipe, {
        strategy: 'gradual',
        rollout: { percent: 10, schedule: [{ percent: 50, at: 'tomorrow' }] },
      }).message,
    ).toContain('ISO 8601');
  });
});

describe('rollback, diff, rollout and release requests', () => {
  it('needs the version to roll back to', () => {
    expect(rejection(new ZodPipe(rollbackSchema), { strategy: 'migrate_all' }).message).toContain(
      'version is required',
    );
    expect(new ZodPipe(rollbackSchema).transform({ version: 1, strategy: 'migrate_all' })).toEqual({
      version: 1,
      strategy: 'migrate_all',
    });
  });

  it('reads diff versions from the query string as numbers', () => {
    expect(new ZodPipe(diffQuerySchema, 'query').transform({ from: '1', to: '3' })).toEqual({
      from: 1,
      to: 3,
    });
    expect(rejection(new ZodPipe(diffQuerySchema, 'query'), { from: '0', to: '2' }).message).toContain(
      'positive whole number',
    );
  });

  it('diffs a version against the draft, in either direction', () => {
    const pipe = new ZodPipe(diffQuerySchema, 'query');
    expect(pipe.transform({ from: '1', to: 'draft' })).toEqual({ from: 1, to: 'draft' });
    expect(pipe.transform({ from: 'draft', to: '2' })).toEqual({ from: 'draft', to: 2 });
    expect(rejection(pipe, { from: '1', to: 'drafts' }).message).toContain('or "draft"');
  });

  it('raises a rollout to a percent from 1 to 100 only', () => {
    expect(new ZodPipe(setRolloutSchema).transform({ percent: 50 })).toEqual({ percent: 50 });
    expect(rejection(new ZodPipe(setRolloutSchema), { percent: 101 }).message).toContain('1 to 100');
  });

  it('releases a held instance to a node or out, not both', () => {
    const pipe = new ZodPipe(releaseSchema);
    expect(pipe.transform({ nodeId: 'wait_2' })).toEqual({ nodeId: 'wait_2' });
    expect(pipe.transform({ exit: true, reason: 'reviewed' })).toEqual({ exit: true, reason: 'reviewed' });
    expect(rejection(pipe, { nodeId: 'wait_2', exit: true }).message).toContain('exit');
    expect(rejection(pipe, {}).message).toContain('nodeId');
  });
});
