import { referenceCdfBelow } from './reference-distribution.js';

/**
 * Population Stability Index of recent values against a reference: Σ (a − e) · ln(a / e) over
 * bins cut at the reference's deciles, so each bin holds 10 % of the training inputs (fewer,
 * merged bins where deciles coincide: a discrete feature). `a` is the share of recent values in
 * the bin, `e` the reference's.
 *
 * A bin no recent value fell in would make ln(a / e) infinite: shares are floored at
 * `floor` (0.5 / n by default, the usual continuity correction, never below 1e-4), so a handful
 * of missing values cannot by itself read as drift.
 *
 * Usual reading: < 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 high.
 */
export const PSI_MODERATE = 0.1;
export const PSI_HIGH = 0.25;
export const PSI_BINS = 10;

export interface PsiResult {
  psi: number;
  bins: number;
}

export function populationStabilityIndex(quantiles: readonly number[], values: readonly number[], bins = PSI_BINS): PsiResult {
  if (values.length === 0) throw new RangeError('PSI needs at least one recent value');
  // Distinct inner edges at the reference's decile points.
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const edge = quantiles[Math.round((b * (quantiles.length - 1)) / bins)]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  // Bins are (−∞, e1), [e1, e2) … [ek, ∞): the expected share of each from the reference CDF below each edge.
  const cuts = edges.map((e) => referenceCdfBelow(quantiles, e));
  const expected = [...cuts, 1].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!));
  const counts = new Array<number>(expected.length).fill(0);
  for (const v of values) {
    let lo = 0;
    let hi = edges.length;
    // Number of edges ≤ v: the bin's index.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]! += 1;
  }
  const floor = Math.max(1e-4, 0.5 / values.length);
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = Math.max(counts[i]! / values.length, floor);
    const e = Math.max(expected[i]!, floor);
    psi += (a - e) * Math.log(a / e);
  }
  return { psi, bins: expected.length };
}
