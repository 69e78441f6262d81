import { prepareRequest } from './prepare-request';

const limits = { maxTimeoutMs: 1000, maxMemoryBytes: 64 * 1024 * 1024, maxInputBytes: 1024 };
const base = {
  code: 'return 1',
  input: { customer: { id: 'c1' } },
  timeoutMs: 100,
  memoryBytes: 16 * 1024 * 1024,
};

describe('prepareRequest', () => {
  it('passes the input to the VM as JSON text', () => {
    const prepared = prepareRequest(base, limits);
    expect(prepared).toMatchObject({ ok: true, request: { inputJson: '{"customer":{"id":"c1"}}', now: 0 } });
  });

  it('reads the frozen clock from input.now as milliseconds or ISO 8601', () => {
    expect(prepareRequest({ ...base, input: { now: 1_700_000_000_000 } }, limits)).toMatchObject({
      request: { now: 1_700_000_000_000 },
    });
    expect(prepareRequest({ ...base, input: { now: '2024-01-01T00:00:00Z' } }, limits)).toMatchObject({
      request: { now: Date.UTC(2024, 0, 1) },
    });
  });

  it('uses input.seed as the random seed, else a hash of code and input', () => {
    expect(prepareRequest({ ...base, input: { seed: 7 } }, limits)).toMatchObject({ request: { seed: '7' } });
    const a = prepareRequest(base, limits);
    const b = prepareRequest({ ...base, code: 'return 2' }, limits);
    expect(a.ok && b.ok && a.request.seed !== b.request.seed).toBe(true);
    expect(a).toEqual(prepareRequest(base, limits));
  });

  it('refuses a request that is not an object', () => {
    expect(prepareRequest(null, limits)).toEqual({
      ok: false,
      kind: 'invalid-request',
      error: 'invalid custom code request: expected an object',
    });
  });

  it('refuses fractional memory limits and timeouts that are not finite', () => {
    expect(prepareRequest({ ...base, memoryBytes: 2_000_000.5 }, limits)).toMatchObject({
      kind: 'invalid-request',
    });
    expect(prepareRequest({ ...base, timeoutMs: Number.POSITIVE_INFINITY }, limits)).toMatchObject({
      kind: 'invalid-request',
    });
  });

  it('counts the input size in UTF-8 bytes', () => {
    const input = { customer: { name: 'é'.repeat(600) } }; // 600 characters, 1200 bytes
    expect(prepareRequest({ ...base, input }, limits)).toMatchObject({
      ok: false,
      kind: 'invalid-input',
      error: 'custom code input is 1224 bytes of JSON; the limit is 1024',
    });
  });
});
