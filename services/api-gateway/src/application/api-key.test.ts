import { checkChosenApiKey, generateApiKey, generateWorkspaceId, hashApiKey } from './api-key';

describe('API keys', () => {
  it('look like kal_ followed by 32 base62 characters, never twice the same', () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    for (const key of keys) expect(key).toMatch(/^kal_[0-9A-Za-z]{32}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are stored as their sha256 (hex)', () => {
    expect(hashApiKey('kal_abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey('kal_abc')).not.toBe(hashApiKey('kal_abd'));
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('chosen by an operator must be long enough and header-safe', () => {
    expect(checkChosenApiKey('kal_dev_key_0123456789')).toBeUndefined();
    expect(checkChosenApiKey('short')).toContain('at least 16');
    expect(checkChosenApiKey('has spaces in it, sadly')).toContain('may only contain');
  });
});

describe('workspace ids', () => {
  it('are safe as a NATS subject token', () => {
    for (let i = 0; i < 100; i++) expect(generateWorkspaceId()).toMatch(/^ws_[0-9A-Za-z]{20}$/);
  });
});
