import { SEND_MARGIN_MS, WARN_BEFORE_MS, expiryState, jwtExpiry, timeLeft } from './jwt-expiry';

const base64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const part = (v: unknown) => base64url(JSON.stringify(v));
const jwt = (claims: unknown) => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;

describe('jwtExpiry', () => {
  it('reads the exp claim (seconds) as milliseconds since the epoch', () => {
    expect(jwtExpiry(jwt({ sub: 'bob', exp: 1_767_225_600 }))).toBe(1_767_225_600_000);
  });

  it('reads base64url claims stripped of their padding, with - and _', () => {
    // "~?~?~?" makes the payload's base64 carry + and /, written - and _ in base64url; and its "==" padding is left off.
    const token = jwt({ sub: '~?~?~?', exp: 2_000_000_000, n: 12 });
    expect(token.split('.')[1]).toMatch(/-.*_|_.*-/);
    expect(jwtExpiry(token)).toBe(2_000_000_000_000);
  });

  it('is null for an API key, a token without a numeric exp, or claims that are not JSON', () => {
    expect(jwtExpiry('kal_abcdefabcdefabcdefabcdefabcdefab')).toBeNull();
    expect(jwtExpiry(jwt({ sub: 'bob' }))).toBeNull();
    expect(jwtExpiry(jwt({ sub: 'bob', exp: '1767225600' }))).toBeNull();
    expect(jwtExpiry('aaa.%%%.bbb')).toBeNull();
    expect(jwtExpiry(`a.${base64url('not json')}.b`)).toBeNull();
  });
});

describe('expiryState', () => {
  const exp = 1_000_000_000_000;

  it('is valid until the warning window, expiring in it, expired from the send margin on', () => {
    expect(expiryState(exp, exp - WARN_BEFORE_MS - 1)).toBe('valid');
    expect(expiryState(exp, exp - WARN_BEFORE_MS)).toBe('expiring');
    expect(expiryState(exp, exp - SEND_MARGIN_MS - 1)).toBe('expiring');
    expect(expiryState(exp, exp - SEND_MARGIN_MS)).toBe('expired');
    expect(expiryState(exp, exp + 60_000)).toBe('expired');
  });

  it('never expires a credential without an expiry (an API key)', () => {
    expect(expiryState(null, Date.now())).toBe('valid');
    expect(expiryState(undefined, Number.MAX_SAFE_INTEGER)).toBe('valid');
  });
});

describe('timeLeft', () => {
  it('says minutes and seconds, rounding up, never negative', () => {
    expect(timeLeft(245_000)).toBe('4 min 05 s');
    expect(timeLeft(11_200)).toBe('12 s');
    expect(timeLeft(-3000)).toBe('0 s');
  });
});
