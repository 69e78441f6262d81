import * as grpc from './generated/kalcifer/v1/orchestrator';
import { MAX_JSON_DEPTH, TRUNCATED_MARKER, clampJsonDepth, nestsDeeperThan } from './json-limits';

/** An object `levels` deep: {a: {a: ... {leaf: 1}}}. */
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
};

const depthOf = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

/** Levels a stored value may be wrapped in on its way back (diffs, audit details): with room to spare. */
const WRAPPING = 6;

/** Encodes and decodes with the generated code, as the gateway's gRPC client does. */
function roundTrip<T>(codec: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): T }, m: T) {
  return codec.decode(codec.encode(m).finish());
}

describe('MAX_JSON_DEPTH against the protobuf decoders (100 nested messages at most)', () => {
  const value = nested(MAX_JSON_DEPTH + WRAPPING);

  it('an instance list carries a context that deep', () => {
    const instance = grpc.Instance.fromPartial({ id: 'i', state: { context: value } });
    const back = roundTrip(grpc.ListInstancesResponse, { instances: [instance], nextCursor: '' });
    expect(depthOf(back.instances[0].state?.context)).toBe(MAX_JSON_DEPTH + WRAPPING);
  });

  it('a customer, a trace entry, a journey draft and an audit entry carry a value that deep', () => {
    expect(() => roundTrip(grpc.Customer, grpc.Customer.fromPartial({ attributes: value }))).not.toThrow();
    const entry = grpc.TraceEntry.fromPartial({ data: { event: value } });
    expect(() =>
      roundTrip(grpc.CustomerTrace, { customerId: 'c', entries: [entry], next: [] }),
    ).not.toThrow();
    const journey = grpc.Journey.fromPartial({ draft: value });
    expect(() => roundTrip(grpc.ListJourneysResponse, { journeys: [journey], nextCursor: '' })).not.toThrow();
    const audit = grpc.AuditEntry.fromPartial({ details: { diff: value } });
    expect(() => roundTrip(grpc.ListAuditResponse, { entries: [audit] })).not.toThrow();
  });

  it('the ceiling is real: an instance list cannot carry a context 40 levels deep', () => {
    const instance = grpc.Instance.fromPartial({ id: 'i', state: { context: nested(40) } });
    expect(() => roundTrip(grpc.ListInstancesResponse, { instances: [instance], nextCursor: '' })).toThrow(
      /recursion limit/,
    );
  });
});

describe('clampJsonDepth', () => {
  it('returns a value within the limit unchanged (the same object)', () => {
    const value = nested(MAX_JSON_DEPTH);
    expect(clampJsonDepth(value)).toBe(value);
  });

  it('replaces what lies below the limit by a marker and keeps the rest', () => {
    const clamped = clampJsonDepth({ keep: 'yes', deep: nested(MAX_JSON_DEPTH + 5) });
    expect(clamped.keep).toBe('yes');
    expect(depthOf(clamped)).toBe(MAX_JSON_DEPTH);
    expect(JSON.stringify(clamped)).toContain(JSON.stringify(TRUNCATED_MARKER));
  });

  it('handles a value nested 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestsDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
    expect(depthOf(clampJsonDepth(deep))).toBe(MAX_JSON_DEPTH);
  });
});
