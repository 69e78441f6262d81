import { AppError } from '@kalcifer/platform';
import { INPUT_LIMITS, checkBodyLimits, idProblem } from './input-limits';

const nestedObjects = (levels: number): unknown => {
  let value: unknown = { leaf: true };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
};

/** The error a body gets, as code + path, or 'ok'. */
function verdict(body: unknown): string {
  const err = checkBodyLimits(body);
  if (!err) return 'ok';
  expect(err).toBeInstanceOf(AppError);
  expect(err.kind).toBe('invalid');
  return `${err.code} at ${(err.details as { path: string }).path}`;
}

describe('checkBodyLimits', () => {
  it('accepts an ordinary body: an event with properties, emoji and Unicode', () => {
    expect(
      verdict({ customerId: 'cus_😀', name: 'order_placed', properties: { city: 'Zürich', items: [1, 2] } }),
    ).toBe('ok');
  });

  it(`accepts objects nested ${INPUT_LIMITS.maxDepth} levels deep, counting the body itself`, () => {
    expect(verdict(nestedObjects(INPUT_LIMITS.maxDepth))).toBe('ok');
  });

  it('refuses one level more with body_too_deep, naming where', () => {
    expect(verdict(nestedObjects(INPUT_LIMITS.maxDepth + 1))).toBe(
      `body_too_deep at $${'.a'.repeat(INPUT_LIMITS.maxDepth)}`,
    );
  });

  it('refuses arrays nested 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(verdict({ properties: deep })).toMatch(/^body_too_deep at \$\.properties(\[0\])+$/);
  });

  it('refuses a string longer than the limit with string_too_long', () => {
    expect(verdict({ properties: { note: 'x'.repeat(INPUT_LIMITS.maxStringLength) } })).toBe('ok');
    expect(verdict({ properties: { note: 'x'.repeat(INPUT_LIMITS.maxStringLength + 1) } })).toBe(
      'string_too_long at $.properties.note',
    );
  });

  it('refuses too many keys, a too long key and a too long array', () => {
    const wide = Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxKeys + 1 }, (_, i) => [`k${i}`, i]));
    expect(verdict({ attributes: wide })).toBe('too_many_keys at $.attributes');
    expect(verdict({ attributes: { ['k'.repeat(INPUT_LIMITS.maxKeyLength + 1)]: 1 } })).toBe(
      'key_too_long at $.attributes',
    );
    expect(verdict({ list: new Array(INPUT_LIMITS.maxArrayLength + 1).fill(0) })).toBe(
      'array_too_long at $.list',
    );
  });

  it('refuses NUL and lone surrogates in values and keys with invalid_characters', () => {
    expect(verdict({ events: [{ name: 'a\u0000b' }] })).toBe('invalid_characters at $.events[0].name');
    expect(verdict({ properties: { s: '\uD800' } })).toBe('invalid_characters at $.properties.s');
    expect(verdict({ properties: { s: 'x\uDC00' } })).toBe('invalid_characters at $.properties.s');
    expect(verdict({ properties: { 'a\u0000': 1 } })).toBe('invalid_characters at $.properties');
    // A tab or newline in a value is text, not an id: fine.
    expect(verdict({ properties: { s: 'line\nnext\t😀' } })).toBe('ok');
  });

  it('says what to do in its message', () => {
    const err = checkBodyLimits(nestedObjects(50))!;
    expect(err.message).toContain(`more than ${INPUT_LIMITS.maxDepth} levels deep`);
    expect(err.details).toMatchObject({ limit: INPUT_LIMITS.maxDepth });
  });
});

describe('idProblem: the one id rule', () => {
  it('accepts ids as today: ascii, emoji, other scripts, spaces inside', () => {
    for (const id of [
      'cus_1',
      'user@example.com',
      '😀',
      '客户-42',
      'a b',
      'x'.repeat(INPUT_LIMITS.maxIdLength),
    ])
      expect(idProblem('customerId', id)).toBeUndefined();
  });

  it('refuses NUL and other control characters, naming the character and where', () => {
    expect(idProblem('customerId', 'ab\u0000')).toBe(
      'customerId must not contain the control character U+0000 (at position 2); ids may hold any printable Unicode character, emoji included',
    );
    expect(idProblem('customerId', 'a\nb')).toContain('U+000A');
    expect(idProblem('customerId', 'a\u007F')).toContain('U+007F');
    expect(idProblem('customerId', 'a\u0085')).toContain('U+0085');
  });

  it('refuses lone surrogates, empty, blank and too long ids', () => {
    expect(idProblem('id', '\uD83D')).toContain('lone UTF-16 surrogate');
    expect(idProblem('id', '\uDE00x')).toContain('lone UTF-16 surrogate');
    expect(idProblem('id', '')).toBe('id must not be empty');
    expect(idProblem('id', '   ')).toBe('id must not be blank');
    expect(idProblem('id', 'x'.repeat(INPUT_LIMITS.maxIdLength + 1))).toContain('at most 256 characters');
  });
});
