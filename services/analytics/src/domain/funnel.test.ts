import { countFunnel } from './funnel';

const entries = (pairs: Record<string, number>) => new Map(Object.entries(pairs));

describe('countFunnel', () => {
  it('counts an instance at every step it reached in order, and stops it at the first gap', () => {
    const steps = countFunnel(
      ['a', 'b', 'c'],
      [
        entries({ a: 1, b: 2, c: 3 }), // the whole path
        entries({ a: 1, b: 5 }), // stopped after b
        entries({ a: 1, c: 4 }), // skipped b: counts at a only
        entries({ b: 1, c: 2 }), // never entered a: not in the funnel
      ],
    );
    expect(steps).toEqual([
      { nodeId: 'a', reached: 3, rate: 1 },
      { nodeId: 'b', reached: 2, rate: 2 / 3 },
      { nodeId: 'c', reached: 1, rate: 1 / 3 },
    ]);
  });

  it('does not count a step entered before the previous one', () => {
    const steps = countFunnel(['a', 'b'], [entries({ a: 10, b: 5 })]);
    expect(steps.map((s) => s.reached)).toEqual([1, 0]);
  });

  it('answers zero rates when nobody started the path', () => {
    expect(countFunnel(['a', 'b'], [])).toEqual([
      { nodeId: 'a', reached: 0, rate: 0 },
      { nodeId: 'b', reached: 0, rate: 0 },
    ]);
  });
});
