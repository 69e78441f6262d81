import { compareVariants, erfc, splitResult } from './ab-significance';

describe('A/B results and their significance (two-proportion z-test)', () => {
  it('gives the p-value and 95% interval computed by hand for 40/200 against 60/200', () => {
    // p1 = 40/200 = 0.20, p2 = 60/200 = 0.30, difference 0.10.
    // Pooled p = 100/400 = 0.25; SE = sqrt(0.25 * 0.75 * (1/200 + 1/200)) = sqrt(0.001875) = 0.0433013;
    // z = 0.10 / 0.0433013 = 2.309401; p = 2 * (1 - Phi(2.309401)) = 0.0209213.
    // Unpooled SE = sqrt(0.2*0.8/200 + 0.3*0.7/200) = sqrt(0.00185) = 0.0430116;
    // 95% CI = 0.10 -/+ 1.959964 * 0.0430116 = [0.0156988, 0.1843012].
    const c = compareVariants(
      { variant: 'a', entered: 200, converted: 40 },
      { variant: 'b', entered: 200, converted: 60 },
    );
    if (!c.enoughData) throw new Error(c.verdict);
    expect(c.difference).toBeCloseTo(0.1, 12);
    expect(c.z).toBeCloseTo(2.309401, 5);
    expect(c.pValue).toBeCloseTo(0.0209213, 6);
    expect(c.ciLow).toBeCloseTo(0.0156988, 6);
    expect(c.ciHigh).toBeCloseTo(0.1843012, 6);
    expect(c.significant).toBe(true);
    expect(c.verdict).toBe('b converts better than a (p = 0.021 < 0.05)');
  });

  it('says a small difference on large samples is not significant (100/1000 against 110/1000)', () => {
    // Pooled p = 0.105; SE = sqrt(0.105 * 0.895 * 0.002) = 0.0137095; z = 0.01 / 0.0137095 = 0.729422;
    // p = 0.465744. CI: SE = sqrt(0.09/1000 + 0.0979/1000) = 0.0137077; 0.01 -/+ 0.0268665.
    const c = compareVariants(
      { variant: 'control', entered: 1000, converted: 100 },
      { variant: 'new', entered: 1000, converted: 110 },
    );
    if (!c.enoughData) throw new Error(c.verdict);
    expect(c.z).toBeCloseTo(0.729422, 5);
    expect(c.pValue).toBeCloseTo(0.465744, 5);
    expect(c.ciLow).toBeCloseTo(-0.0168665, 6);
    expect(c.ciHigh).toBeCloseTo(0.0368665, 6);
    expect(c.significant).toBe(false);
  });

  it('handles unequal sizes and a worse variant (20/40 against 10/50: z = -3, p = 0.0026998)', () => {
    // p1 = 0.5 (n 40), p2 = 0.2 (n 50); pooled 30/90 = 1/3; SE = sqrt(1/3 * 2/3 * (1/40 + 1/50)) = 0.1;
    // z = -0.3 / 0.1 = -3; p = 2 * (1 - Phi(3)) = 0.0026998.
    const c = compareVariants(
      { variant: 'a', entered: 40, converted: 20 },
      { variant: 'b', entered: 50, converted: 10 },
    );
    if (!c.enoughData) throw new Error(c.verdict);
    expect(c.z).toBeCloseTo(-3, 6);
    expect(c.pValue).toBeCloseTo(0.0026998, 6);
    expect(c.verdict).toBe('b converts worse than a (p = 0.0027 < 0.05)');
  });

  it('says "not enough data" below 30 customers a variant or 5 conversions together', () => {
    const few = compareVariants(
      { variant: 'a', entered: 29, converted: 10 },
      { variant: 'b', entered: 200, converted: 60 },
    );
    expect(few).toEqual({
      baseline: 'a',
      variant: 'b',
      enoughData: false,
      difference: 0.3 - 10 / 29,
      verdict: 'not enough data: each variant needs at least 30 customers (a has 29)',
    });
    const rare = compareVariants(
      { variant: 'a', entered: 100, converted: 1 },
      { variant: 'b', entered: 100, converted: 3 },
    );
    expect(rare.enoughData).toBe(false);
    expect(rare.verdict).toBe(
      'not enough data: the two variants need at least 5 conversions and 5 non-conversions together (4 and 196)',
    );
  });

  it('lists the variants in name order with their rates and compares every pair', () => {
    const result = splitResult('split', [
      { variant: 'c', entered: 0, converted: 0 },
      { variant: 'a', entered: 4, converted: 1 },
      { variant: 'b', entered: 8, converted: 6 },
    ]);
    expect(result.variants).toEqual([
      { variant: 'a', entered: 4, converted: 1, conversionRate: 0.25 },
      { variant: 'b', entered: 8, converted: 6, conversionRate: 0.75 },
      { variant: 'c', entered: 0, converted: 0, conversionRate: 0 },
    ]);
    expect(result.comparisons.map((c) => `${c.baseline}-${c.variant}`)).toEqual(['a-b', 'a-c', 'b-c']);
  });

  it('computes erfc to 1.2e-7 (against known values)', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    expect(erfc(2.5)).toBeCloseTo(0.000406952, 8);
  });
});
