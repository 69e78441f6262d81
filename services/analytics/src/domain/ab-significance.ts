/**
 * A/B results: conversion per variant and a significance estimate between two variants, by the
 * two-proportion z-test (pooled standard error) and a Wald confidence interval for the difference
 * of the rates (unpooled standard error). Both rest on the normal approximation, so below a
 * minimum sample they are not given: the comparison says "not enough data" instead.
 */

/** Customers each variant needs before a comparison is given. */
export const MIN_SAMPLE_PER_VARIANT = 30;
/** Conversions, and non-conversions, the two variants need together (the usual n·p >= 5). */
export const MIN_OUTCOMES = 5;
export const CONFIDENCE = 0.95;
/** The two-sided 95% normal quantile. */
const Z_95 = 1.959963984540054;

export interface VariantCount {
  variant: string;
  /** Customers (instances) who left the split by this variant. */
  entered: number;
  /** Of those, the ones that reached a goal at or after passing the variant. */
  converted: number;
}

export interface VariantResult extends VariantCount {
  conversionRate: number;
}

export type Comparison =
  | {
      baseline: string;
      variant: string;
      enoughData: true;
      /** variant's rate minus baseline's rate. */
      difference: number;
      z: number;
      /** Two-sided p-value of the z-test (no difference between the rates). */
      pValue: number;
      /** 95% confidence interval for `difference`. */
      ciLow: number;
      ciHigh: number;
      significant: boolean;
      verdict: string;
    }
  | {
      baseline: string;
      variant: string;
      enoughData: false;
      difference: number;
      verdict: string;
    };

export interface SplitResult {
  nodeId: string;
  variants: VariantResult[];
  /** Every pair of variants, in name order (the first of a pair is the baseline). */
  comparisons: Comparison[];
}

const rate = (v: VariantCount) => (v.entered === 0 ? 0 : v.converted / v.entered);

/** Results of one split node: variants in name order and every pair compared. */
export function splitResult(nodeId: string, counts: readonly VariantCount[]): SplitResult {
  const variants = [...counts]
    .sort((a, b) => (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0))
    .map((v) => ({ ...v, conversionRate: rate(v) }));
  const comparisons: Comparison[] = [];
  for (let i = 0; i < variants.length; i++)
    for (let j = i + 1; j < variants.length; j++) comparisons.push(compareVariants(variants[i], variants[j]));
  return { nodeId, variants, comparisons };
}

/** Two-proportion z-test of `variant` against `baseline`, or why there is not enough data. */
export function compareVariants(baseline: VariantCount, variant: VariantCount): Comparison {
  const names = { baseline: baseline.variant, variant: variant.variant };
  const p1 = rate(baseline);
  const p2 = rate(variant);
  const difference = p2 - p1;
  const short = [baseline, variant].filter((v) => v.entered < MIN_SAMPLE_PER_VARIANT);
  const converted = baseline.converted + variant.converted;
  const notConverted = baseline.entered + variant.entered - converted;
  let reason: string | undefined;
  if (short.length > 0)
    reason = `each variant needs at least ${MIN_SAMPLE_PER_VARIANT} customers (${short
      .map((v) => `${v.variant} has ${v.entered}`)
      .join(', ')})`;
  else if (converted < MIN_OUTCOMES || notConverted < MIN_OUTCOMES)
    reason = `the two variants need at least ${MIN_OUTCOMES} conversions and ${MIN_OUTCOMES} non-conversions together (${converted} and ${notConverted})`;
  if (reason !== undefined)
    return { ...names, enoughData: false, difference, verdict: `not enough data: ${reason}` };

  const n1 = baseline.entered;
  const n2 = variant.entered;
  const pooled = converted / (n1 + n2);
  const z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const pValue = Math.min(1, 2 * normalUpperTail(Math.abs(z)));
  const half = Z_95 * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const significant = pValue < 1 - CONFIDENCE;
  return {
    ...names,
    enoughData: true,
    difference,
    z,
    pValue,
    ciLow: difference - half,
    ciHigh: difference + half,
    significant,
    verdict: significant
      ? `${variant.variant} converts ${difference > 0 ? 'better' : 'worse'} than ${baseline.variant} (p = ${pValue.toPrecision(2)} < 0.05)`
      : `no significant difference between ${variant.variant} and ${baseline.variant} (p = ${pValue.toPrecision(2)})`,
  };
}

/** P(Z > x) of a standard normal variable. */
export function normalUpperTail(x: number): number {
  return erfc(x / Math.SQRT2) / 2;
}

/**
 * The complementary error function (Numerical Recipes' Chebyshev fit, fractional error below
 * 1.2e-7 everywhere): enough for p-values, which are read to two or three digits.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
