import { average, percentile } from './percentile';

describe('percentile (nearest rank) and average', () => {
  it('takes the value at the rank ceil(p/100 * n) of the sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3, 1000], 95)).toBe(1000);
  });

  it('answers 0 for no values', () => {
    expect(percentile([], 95)).toBe(0);
    expect(average([])).toBe(0);
    expect(average([1, 2, 6])).toBe(3);
  });
});
