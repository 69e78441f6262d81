/** Storing each workspace's cap policy in Redis. */
import type { Redis } from '@kalcifer/platform';
import { CapPolicyError, RedisCapPolicyRepository } from '../src';
import { closeAll, deleteKeys, openConnections, uniquePrefix } from './caps-support';

describe('cap policy storage', () => {
  let redis: Redis;
  let policies: RedisCapPolicyRepository;
  const prefix = uniquePrefix('policy');

  beforeAll(async () => {
    [redis] = await openConnections(1);
    policies = new RedisCapPolicyRepository(redis, { keyPrefix: prefix });
  });

  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await closeAll([redis]);
  });

  it('has no caps for a workspace that never set a policy', async () => {
    expect(await policies.getPolicy('ws_new')).toEqual({ rules: [] });
  });

  it('stores a policy per workspace and reads it back', async () => {
    const policy = {
      rules: [
        { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
        { channel: '*', limit: 5, window: 'P1W', onCapped: 'delay' },
      ],
    };
    expect(await policies.setPolicy('ws_1', policy)).toEqual(policy);
    expect(await policies.getPolicy('ws_1')).toEqual(policy);
    expect(await policies.getPolicy('ws_2')).toEqual({ rules: [] });
  });

  it('replaces the previous policy', async () => {
    await policies.setPolicy('ws_3', {
      rules: [{ channel: 'sms', limit: 1, window: 'PT1H', onCapped: 'skip' }],
    });
    await policies.setPolicy('ws_3', { rules: [] });
    expect(await policies.getPolicy('ws_3')).toEqual({ rules: [] });
  });

  it('rejects an invalid policy and keeps the one stored before', async () => {
    const valid = { rules: [{ channel: 'push', limit: 3, window: 'P1D', onCapped: 'delay' }] };
    await policies.setPolicy('ws_4', valid);
    await expect(
      policies.setPolicy('ws_4', {
        rules: [{ channel: 'push', limit: -1, window: 'P1D', onCapped: 'delay' }],
      }),
    ).rejects.toBeInstanceOf(CapPolicyError);
    expect(await policies.getPolicy('ws_4')).toEqual(valid);
  });

  it('fails loudly on a stored policy that was edited by hand into something invalid', async () => {
    await policies.setPolicy('ws_5', { rules: [] });
    const [key] = await redis.keys(`${prefix}:*ws_5*`);
    expect(key).toContain('ws_5');
    await redis.set(key, JSON.stringify({ rules: [{ channel: 'email', limit: 'two' }] }));
    await expect(policies.getPolicy('ws_5')).rejects.toThrow(/rules\[0\]\.limit/);
  });

  it('refuses a webhook rule, and reads one stored before such rules were refused without it', async () => {
    const email = { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' };
    const webhook = { channel: 'webhook', limit: 1, window: 'P1D', onCapped: 'skip' };
    await expect(policies.setPolicy('ws_6', { rules: [webhook] })).rejects.toThrow(/rules\[0\]\.channel/);
    await policies.setPolicy('ws_6', { rules: [email] });
    const [key] = await redis.keys(`${prefix}:*ws_6*`);
    await redis.set(key, JSON.stringify({ rules: [webhook, email] }));
    expect(await policies.getPolicy('ws_6')).toEqual({ rules: [email] });
  });
});
