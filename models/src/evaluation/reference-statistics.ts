/**
 * Reference statistics for data drift: per named feature, the distribution of its values over a
 * model version's training inputs (101 quantiles, mean, standard deviation, count), stored in the
 * version's metadata as `reference` and read by drift detection (PSI, Kolmogorov–Smirnov) against
 * the same features of served predictions. Plain TypeScript; no I/O.
 */

/** One feature's training distribution. */
export interface FeatureReference {
  /** QUANTILE_COUNT values: the 0 %, 1 % … 100 % quantiles (linear interpolation between order statistics), ascending. */
  quantiles: number[];
  mean: number;
  /** Population standard deviation. */
  std: number;
  count: number;
}

/** What a model version's metadata carries under `reference`. */
export interface ModelReference {
  features: Record<string, FeatureReference>;
}

export const QUANTILE_COUNT = 101;

/** A row's value that is not a finite number: training inputs must not hold one. */
export class ReferenceValueError extends RangeError {
  override readonly name = 'ReferenceValueError';
  readonly code = 'INVALID_REFERENCE_VALUE';
}

/**
 * The statistics of every feature named in `rows` (each row a feature vector, as the model's
 * drift-features function gives it), in the order names first appear. A feature missing from a
 * row is left out of that feature's count only. Values are rounded to 7 significant digits
 * (monotone, so quantiles stay ascending) to keep metadata small. Throws ReferenceValueError
 * naming the row and feature of a non-finite value.
 */
export function referenceStatistics(rows: readonly Readonly<Record<string, number>>[]): Record<string, FeatureReference> {
  const columns = new Map<string, number[]>();
  rows.forEach((row, i) => {
    for (const [name, value] of Object.entries(row)) {
      if (!Number.isFinite(value)) throw new ReferenceValueError(`rows[${i}].${name} must be a finite number, got ${value}`);
      let column = columns.get(name);
      if (!column) columns.set(name, (column = []));
      column.push(value);
    }
  });
  return Object.fromEntries([...columns].map(([name, values]) => [name, featureReference(values)]));
}

function featureReference(values: readonly number[]): FeatureReference {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const variance = sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return {
    quantiles: Array.from({ length: QUANTILE_COUNT }, (_, q) => round(quantile(sorted, q / (QUANTILE_COUNT - 1)))),
    mean: round(mean),
    std: round(Math.sqrt(variance)),
    count: n,
  };
}

/** The `p` quantile of sorted values, interpolated between the two order statistics around p·(n − 1). */
function quantile(sorted: Float64Array, p: number): number {
  const at = p * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (at - below) * (sorted[above]! - sorted[below]!);
}

const round = (v: number) => Number(v.toPrecision(7));
