import { counterDeltas, DAY_MS, HOUR_MS, MINUTE_MS, planRange } from './node-counters';

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
      `ws|j|1|w|m|${D + 10 * HOUR_MS}`,
      `ws|j|1|w|m|${D + 11 * HOUR_MS}`,
    ]);
    expect(byId.get(`ws|j|1|w|d|${D}`)).toMatchObject({
      entered: 1,
      exited: 1,
      time: { count: 1, sumMs: 11 * HOUR_MS },
    });
    expect(byId.get(`ws|j|1|w|h|${D + 10 * HOUR_MS}`)).toMatchObject({ entered: 1, exited: 0 });
    expect(byId.get(`ws|j|1|w|h|${D + 11 * HOUR_MS}`)).toMatchObject({ entered: 0, exited: 1 });
  });

  it('adds the time spent of an exit stored before its entry, and moves it to the visit version', () => {
    const entry = { ...base, type: 'node.entered', at: D, nodeId: 'w', pairedExitAt: D + 2 * HOUR_MS };
    const deltas = counterDeltas([{ ...entry, pairedExitVersion: 1 }]);
    const exitHour = deltas.find((d) => d.unit === 'h' && d.start === D + 2 * HOUR_MS);
    expect(exitHour).toMatchObject({ entered: 0, exited: 0, time: { count: 1, sumMs: 2 * HOUR_MS } });
    // An exit counted under v2 (after a migration) moves to the visit's v1.
    const moved = counterDeltas([{ ...entry, pairedExitVersion: 2 }]).filter((d) => d.unit === 'd');
    expect(moved.map((d) => [d.version, d.entered, d.exited, d.time.count])).toEqual([
      [1, 1, 1, 1],
      [2, 0, -1, 0],
    ]);
  });

  it('counts an exit whose entry is unknown, without a time spent', () => {
    const deltas = counterDeltas([{ ...base, type: 'node.exited', at: D, nodeId: 'w' }]);
    expect(deltas).toHaveLength(3);
    for (const delta of deltas) expect(delta).toMatchObject({ exited: 1, time: { count: 0 } });
  });
});

describe('planRange: which parts of a range are read from events, minute, hour and day counters', () => {
  const m = (from?: number, to?: number) => ({ unit: 'm', span: { from, to } });
  const h = (from?: number, to?: number) => ({ unit: 'h', span: { from, to } });
  const d = (from?: number, to?: number) => ({ unit: 'd', span: { from, to } });

  it('reads a range inside one minute from the events', () => {
    expect(planRange(D + 1000, D + 59_000)).toEqual({
      counters: [],
      events: [{ from: D + 1000, to: D + 59_000 }],
    });
  });

  it('reads the ragged ends from events, then minutes, hours, and whole days in between', () => {
    const from = D - 90 * MINUTE_MS - 500; // 22:29:59.500 the day before
    const to = D + 2 * DAY_MS + 3 * HOUR_MS + 2 * MINUTE_MS + 1; // 03:02:00.001 two days later
    expect(planRange(from, to)).toEqual({
      counters: [
        m(D - 90 * MINUTE_MS, D - HOUR_MS),
        h(D - HOUR_MS, D),
        d(D, D + 2 * DAY_MS),
        h(D + 2 * DAY_MS, D + 2 * DAY_MS + 3 * HOUR_MS),
        m(D + 2 * DAY_MS + 3 * HOUR_MS, D + 2 * DAY_MS + 3 * HOUR_MS + 2 * MINUTE_MS),
      ],
      events: [
        { from, to: D - 90 * MINUTE_MS },
        { from: D + 2 * DAY_MS + 3 * HOUR_MS + 2 * MINUTE_MS, to },
      ],
    });
  });

  it('uses the largest whole unit that fits, and day counters for open ends', () => {
    expect(planRange(D + HOUR_MS, D + 5 * HOUR_MS)).toEqual({
      counters: [h(D + HOUR_MS, D + 5 * HOUR_MS)],
      events: [],
    });
    expect(planRange(undefined, undefined)).toEqual({ counters: [d(undefined, undefined)], events: [] });
    expect(planRange(undefined, D + HOUR_MS + MINUTE_MS)).toEqual({
      counters: [d(undefined, D), h(D, D + HOUR_MS), m(D + HOUR_MS, D + HOUR_MS + MINUTE_MS)],
      events: [],
    });
  });
});
