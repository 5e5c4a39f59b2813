/**
 * A feature's training distribution as the model version's reference statistics describe it:
 * 101 quantiles (0 %, 1 % … 100 %), from which the cumulative distribution is rebuilt (linear
 * between distinct quantiles, a step where several coincide, as they do for a discrete or
 * mostly-zero feature). PSI bins and the KS test both read it.
 */

export interface FeatureReference {
  name: string;
  /** The 0 %, 1 % … 100 % quantiles of the training inputs, ascending. */
  quantiles: readonly number[];
  mean: number;
  std: number;
  /** Training items the quantiles were computed from. */
  count: number;
}

export const QUANTILE_COUNT = 101;

/** Why a reference cannot be used, or null when it can. */
export function referenceProblem(reference: FeatureReference): string | null {
  const q = reference.quantiles;
  if (q.length !== QUANTILE_COUNT) return `has ${q.length} quantiles, expected ${QUANTILE_COUNT}`;
  if (q.some((v) => !Number.isFinite(v))) return 'has a non-finite quantile';
  for (let i = 1; i < q.length; i++) if (q[i]! < q[i - 1]!) return `quantiles are not ascending at ${i} %`;
  if (!Number.isInteger(reference.count) || reference.count < 1) return `count must be a positive integer, got ${reference.count}`;
  return null;
}

const STEP = 1 / (QUANTILE_COUNT - 1);

/** F(x) = P(X ≤ x) under the reference. */
export function referenceCdf(q: readonly number[], x: number): number {
  const last = q.length - 1;
  if (x < q[0]!) return 0;
  if (x >= q[last]!) return 1;
  // Largest k with q[k] ≤ x.
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (q[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  const k = lo;
  if (q[k] === x) return k * STEP;
  return (k + (x - q[k]!) / (q[k + 1]! - q[k]!)) * STEP;
}

/** F(x−) = P(X < x) under the reference: differs from F(x) where quantiles coincide at x. */
export function referenceCdfBelow(q: readonly number[], x: number): number {
  if (x <= q[0]!) return 0;
  if (x > q[q.length - 1]!) return 1;
  // Smallest k with q[k] ≥ x.
  let lo = 0;
  let hi = q.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  const k = lo;
  if (q[k] === x) return k * STEP;
  return (k - 1 + (x - q[k - 1]!) / (q[k]! - q[k - 1]!)) * STEP;
}
