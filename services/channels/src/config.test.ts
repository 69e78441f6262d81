import { ConfigError } from '@kalcifer/platform';
import { readConfig } from './config';

describe('channels config', () => {
  it('has working defaults for local development', () => {
    expect(readConfig({})).toMatchObject({
      MONGODB_DB: 'kalcifer_channels',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      EMAIL_FROM: 'Kalcifer <no-reply@kalcifer.local>',
      SEND_CONCURRENCY: 64,
      SEND_MAX_ATTEMPTS: 5,
      SEND_LEASE_MS: 15_000,
      SEND_TIMEOUT_MS: 10_000,
    });
    expect(readConfig({}).MAILPIT_API_URL).toBeUndefined();
    expect(readConfig({ MAILPIT_API_URL: '' }).MAILPIT_API_URL).toBeUndefined();
  });

  it('refuses a lease that a provider call could outlive, and names the key', () => {
    expect(() => readConfig({ SEND_TIMEOUT_MS: '30000', SEND_LEASE_MS: '30000' })).toThrow(ConfigError);
    expect(() => readConfig({ SEND_TIMEOUT_MS: '30000', SEND_LEASE_MS: '30000' })).toThrow(/SEND_LEASE_MS/);
  });

  it('refuses malformed values', () => {
    expect(() => readConfig({ SEND_CONCURRENCY: '0' })).toThrow(/SEND_CONCURRENCY/);
    expect(() => readConfig({ MAILPIT_API_URL: 'not a url' })).toThrow(/MAILPIT_API_URL/);
  });

  it('refuses to start with a malformed encryption key, saying how to make one', () => {
    expect(() => readConfig({ KALCIFER_ENCRYPTION_KEY: 'dGVzdA==' })).toThrow(
      /KALCIFER_ENCRYPTION_KEY.*32.*openssl rand -base64 32/s,
    );
    expect(
      readConfig({ KALCIFER_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).KALCIFER_ENCRYPTION_KEY,
    ).toBeDefined();
    expect(readConfig({ KALCIFER_ENCRYPTION_KEY: '' }).KALCIFER_ENCRYPTION_KEY).toBeUndefined();
  });

  it('takes old keys for a rotation only beside a current key, and names a malformed one', () => {
    const key = (n: number) => Buffer.alloc(32, n).toString('base64');
    expect(
      readConfig({ KALCIFER_ENCRYPTION_KEY: key(1), KALCIFER_ENCRYPTION_OLD_KEYS: `${key(2)},${key(3)}` })
        .KALCIFER_ENCRYPTION_OLD_KEYS,
    ).toBe(`${key(2)},${key(3)}`);
    expect(() => readConfig({ KALCIFER_ENCRYPTION_OLD_KEYS: key(2) })).toThrow(
      /KALCIFER_ENCRYPTION_OLD_KEYS needs KALCIFER_ENCRYPTION_KEY/,
    );
    expect(() =>
      readConfig({ KALCIFER_ENCRYPTION_KEY: key(1), KALCIFER_ENCRYPTION_OLD_KEYS: `${key(2)},short` }),
    ).toThrow(/KALCIFER_ENCRYPTION_OLD_KEYS \(key 2\) must be 32 random bytes/);
  });
});
