import { referenceCdf, referenceCdfBelow } from './reference-distribution.js';

/**
 * Two-sample Kolmogorov–Smirnov test of recent values against the training inputs, the training
 * sample represented by its 101 quantiles (its CDF rebuilt from them) and its size.
 *
 *   D = sup_x |F_recent(x) − F_ref(x)|, evaluated on both sides of every recent value (F(x) and
 *       F(x−)), so ties (a discrete feature) are compared as steps, not smeared;
 *   reject at 95 % when D > c(0.05) · √((n + m) / (n · m)), c(0.05) = 1.358 (the asymptotic
 *   critical value; n recent items, m training items).
 *
 * The quantiles resolve the reference to 1 %: with m large and n ≥ a few hundred the critical
 * value (> 2 % for n ≤ 4,000) stays above that resolution.
 */
export const KS_C_ALPHA_95 = 1.358;

export interface KsResult {
  statistic: number;
  critical: number;
  rejected: boolean;
}

export function kolmogorovSmirnov(quantiles: readonly number[], referenceCount: number, values: readonly number[]): KsResult {
  const n = values.length;
  if (n === 0) throw new RangeError('KS needs at least one recent value');
  const sorted = [...values].sort((a, b) => a - b);
  let d = 0;
  for (let i = 0; i < n; ) {
    const x = sorted[i]!;
    let j = i;
    while (j < n && sorted[j] === x) j++;
    // F_recent(x−) = i / n, F_recent(x) = j / n.
    d = Math.max(d, Math.abs(i / n - referenceCdfBelow(quantiles, x)), Math.abs(j / n - referenceCdf(quantiles, x)));
    i = j;
  }
  const m = referenceCount;
  const critical = KS_C_ALPHA_95 * Math.sqrt((n + m) / (n * m));
  return { statistic: d, critical, rejected: d > critical };
}
