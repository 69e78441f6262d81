import { ConfigError } from '@kalcifer/platform';
import { readConfig, redisPrefix } from './config';

describe('scheduler config', () => {
  it('defaults to its own database, a 10 minute horizon and a 100 ms poll', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      MONGODB_DB: 'kalcifer_scheduler',
      TIMER_HORIZON_MS: 600_000,
      TIMER_POLL_MS: 100,
      TIMER_BATCH_SIZE: 1_000,
    });
  });

  it('keeps the Redis index of each database apart unless told otherwise', () => {
    expect(redisPrefix(readConfig({}))).toBe('{kalcifer:timers:kalcifer_scheduler}');
    expect(redisPrefix(readConfig({ MONGODB_DB: 'e2e_us1_scheduler' }))).toBe(
      '{kalcifer:timers:e2e_us1_scheduler}',
    );
    expect(redisPrefix(readConfig({ TIMER_REDIS_PREFIX: '{mine}' }))).toBe('{mine}');
  });

  it('reads overrides from the environment as numbers', () => {
    const config = readConfig({
      MONGODB_DB: 'kalcifer_scheduler_test',
      TIMER_HORIZON_MS: '4000',
      TIMER_POLL_MS: '20',
    });
    expect(config.MONGODB_DB).toBe('kalcifer_scheduler_test');
    expect(config.TIMER_HORIZON_MS).toBe(4_000);
    expect(config.TIMER_POLL_MS).toBe(20);
  });

  it('rejects a batch size that the claim script could not return at once, naming the key', () => {
    expect(() => readConfig({ TIMER_BATCH_SIZE: '50000' })).toThrow(ConfigError);
    expect(() => readConfig({ TIMER_BATCH_SIZE: '50000' })).toThrow(/TIMER_BATCH_SIZE/);
  });
});
