import { counterDeltas, DAY_MS, HOUR_MS, planRange } from './node-counters';

const D = Date.UTC(2026, 0, 10);
const base = { workspaceId: 'ws', journeyId: 'j', version: 1 };

describe('per-node counters', () => {
  it("adds an entry to its hour and day, and an exit with its time spent to the visit's version", () => {
    const deltas = counterDeltas([
      { ...base, type: 'node.entered', at: D + 10 * HOUR_MS + 5, nodeId: 'w' },
      // The exit happened on v2 after a migration; the visit entered on v1, so it counts there.
      {
        ...base,
        version: 2,
        type: 'node.exited',
        at: D + 11 * HOUR_MS,
        nodeId: 'w',
        visitVersion: 1,
        enteredAt: D,
      },
      { ...base, type: 'journey.entered', at: D },
    ]);
    const byId = new Map(deltas.map((d) => [d.id, d]));
    expect([...byId.keys()].sort()).toEqual([
      `ws|j|1|w|d|${D}`,
      `ws|j|1|w|h|${D + 10 * HOUR_MS}`,
      `ws|j|1|w|h|${D + 11 * HOUR_MS}`,
    ]);
    expect(byId.get(`ws|j|1|w|d|${D}`)).toMatchObject({
      entered: 1,
      exited: 1,
      time: { count: 1, sumMs: 11 * HOUR_MS },
    });
    expect(byId.get(`ws|j|1|w|h|${D + 10 * HOUR_MS}`)).toMatchObject({ entered: 1, exited: 0 });
    expect(byId.get(`ws|j|1|w|h|${D + 11 * HOUR_MS}`)).toMatchObject({ entered: 0, exited: 1 });
  });

  it('counts an exit whose entry is unknown, without a time spent', () => {
    const [hour] = counterDeltas([{ ...base, type: 'node.exited', at: D, nodeId: 'w' }]);
    expect(hour).toMatchObject({ exited: 1, time: { count: 0 } });
  });
});

describe('planRange: which parts of a range are read from events, hour and day counters', () => {
  it('reads a range shorter than a whole hour from the events', () => {
    expect(planRange(D + 10 * 60_000, D + 70 * 60_000)).toEqual({
      events: [{ from: D + 10 * 60_000, to: D + 70 * 60_000 }],
      hours: [],
    });
  });

  it('reads the ragged ends from events, whole hours from hours, whole days from days', () => {
    const from = D - 90 * 60_000; // 22:30 the day before
    const to = D + 2 * DAY_MS + 3 * HOUR_MS + 1; // 03:00:00.001 two days later
    expect(planRange(from, to)).toEqual({
      events: [
        { from, to: D - HOUR_MS },
        { from: D + 2 * DAY_MS + 3 * HOUR_MS, to },
      ],
      hours: [
        { from: D - HOUR_MS, to: D },
        { from: D + 2 * DAY_MS, to: D + 2 * DAY_MS + 3 * HOUR_MS },
      ],
      days: { from: D, to: D + 2 * DAY_MS },
    });
  });

  it('reads hours only when no whole day fits, and open ends from the day counters', () => {
    expect(planRange(D + HOUR_MS, D + 5 * HOUR_MS)).toEqual({
      events: [],
      hours: [{ from: D + HOUR_MS, to: D + 5 * HOUR_MS }],
    });
    expect(planRange(undefined, undefined)).toEqual({ events: [], hours: [], days: {} });
    expect(planRange(undefined, D + HOUR_MS)).toEqual({
      events: [],
      hours: [{ from: D, to: D + HOUR_MS }],
      days: { to: D },
    });
  });
});
