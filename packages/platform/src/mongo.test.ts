import { insertEach, isDuplicateKey, onlyDuplicateKeys } from './mongo';

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

describe('insertEach', () => {
  it('answers an empty list for no documents, without asking the server (the driver refuses an empty batch)', async () => {
    const collection = {
      insertMany: () => Promise.reject(new Error('Invalid BulkOperation, Batch cannot be empty')),
    } as unknown as Parameters<typeof insertEach>[0];
    await expect(insertEach(collection, [])).resolves.toEqual([]);
  });
});
