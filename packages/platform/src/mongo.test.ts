import { isDuplicateKey, onlyDuplicateKeys } from './mongo';

it('tells a duplicate key from other write failures', () => {
  expect(isDuplicateKey({ code: 11000 })).toBe(true);
  expect(isDuplicateKey({ code: 121 })).toBe(false);
  expect(isDuplicateKey(new Error('network'))).toBe(false);
  expect(isDuplicateKey(null)).toBe(false);
});

it('accepts a bulk insert failure only when every refused document was a duplicate', () => {
  expect(onlyDuplicateKeys({ writeErrors: [{ code: 11000 }, { code: 11000 }] })).toBe(true);
  expect(onlyDuplicateKeys({ writeErrors: { code: 11000 } })).toBe(true);
  expect(onlyDuplicateKeys({ writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
  expect(onlyDuplicateKeys({ code: 11000 })).toBe(false);
  expect(onlyDuplicateKeys(null)).toBe(false);
});
