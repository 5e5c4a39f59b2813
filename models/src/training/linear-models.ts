/**
 * Linear models fitted exactly, for baselines and sanity checks where a network would be out of
 * place: least squares and logistic regression (Newton's method), both with a small ridge
 * penalty so a constant feature or perfectly separated classes still give finite weights.
 * Features are standardised inside (mean 0, sd 1 over the training rows) and the intercept is
 * never penalised. Pure and deterministic.
 */

/** A fitted linear model: the linear score of a feature row (for logistic regression, the log-odds). */
export interface LinearModel {
  /** Intercept then one weight per feature, in the features' original units. */
  weights: number[];
  score(features: readonly number[]): number;
}

export interface LinearFitOptions {
  /** Ridge penalty on the standardised weights, per training row; default 1e-4. */
  ridge?: number;
}

/** Training rows that cannot be fitted: none, ragged, or not finite. */
export class LinearFitError extends RangeError {
  readonly code = 'INVALID_TRAINING_ROWS' as const;

  constructor(message: string) {
    super(message);
    this.name = 'LinearFitError';
  }
}

/** Least squares: minimises the mean squared error of score(x) against y. */
export function fitLeastSquares(rows: readonly (readonly number[])[], targets: readonly number[], options: LinearFitOptions = {}): LinearModel {
  const { z, unscale } = standardise(rows, targets.length);
  const { hessian, gradient } = normalEquations(z, targets.map((t) => ({ weight: 1, target: t })), ridgeOf(options));
  return unscale(solveLinearSystem(hessian, gradient));
}

/** Logistic regression: P(label) = 1 / (1 + e^-score(x)), fitted by Newton's method on the mean log-loss. */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly boolean[], options: LinearFitOptions = {}): LinearModel {
  const { z, unscale } = standardise(rows, labels.length);
  const ridge = ridgeOf(options);
  let beta = new Array<number>(z[0]!.length).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    // One Newton step is a weighted least-squares fit of the working response (IRLS).
    const work = z.map((row, i) => {
      const p = sigmoid(dot(beta, row));
      const weight = Math.max(p * (1 - p), 1e-9);
      return { weight, target: dot(beta, row) + ((labels[i] ? 1 : 0) - p) / weight };
    });
    const { hessian, gradient } = normalEquations(z, work, ridge);
    const next = solveLinearSystem(hessian, gradient);
    const change = Math.max(...next.map((b, j) => Math.abs(b - beta[j]!)));
    beta = next;
    if (change < 1e-10) break;
  }
  return unscale(beta);
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, j) => s + v * b[j]!, 0);
const ridgeOf = (options: LinearFitOptions) => options.ridge ?? 1e-4;

/** Rows as [1, standardised features…], and the map from standardised weights back to raw ones. */
function standardise(rows: readonly (readonly number[])[], targets: number) {
  if (rows.length === 0) throw new LinearFitError('expected at least one training row, got none');
  if (rows.length !== targets) throw new LinearFitError(`expected one target per row, got ${rows.length} rows and ${targets} targets`);
  const width = rows[0]!.length;
  rows.forEach((row, i) => {
    if (row.length !== width) throw new LinearFitError(`row ${i}: expected ${width} features like row 0, got ${row.length}`);
    if (!row.every(Number.isFinite)) throw new LinearFitError(`row ${i}: expected finite features, got ${JSON.stringify(row)}`);
  });
  const means = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  // A constant feature keeps sd 1: the ridge then holds its weight at 0.
  const sds = means.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  const z = rows.map((r) => [1, ...r.map((v, j) => (v - means[j]!) / sds[j]!)]);
  const unscale = (beta: readonly number[]): LinearModel => {
    const slopes = beta.slice(1).map((b, j) => b / sds[j]!);
    const intercept = beta[0]! - slopes.reduce((s, w, j) => s + w * means[j]!, 0);
    const weights = [intercept, ...slopes];
    return { weights, score: (features) => intercept + dot(slopes, features) };
  };
  return { z, unscale };
}

/** (ZᵀWZ + nλI') and ZᵀWy for weighted rows; the intercept (column 0) is not penalised. */
function normalEquations(z: readonly number[][], rows: readonly { weight: number; target: number }[], ridge: number) {
  const d = z[0]!.length;
  const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const gradient = new Array<number>(d).fill(0);
  z.forEach((row, i) => {
    const { weight, target } = rows[i]!;
    for (let a = 0; a < d; a++) {
      gradient[a]! += weight * row[a]! * target;
      for (let b = a; b < d; b++) hessian[a]![b]! += weight * row[a]! * row[b]!;
    }
  });
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) hessian[a]![b] = hessian[b]![a]!;
    if (a > 0) hessian[a]![a]! += ridge * z.length;
  }
  return { hessian, gradient };
}

/**
 * Solves A x = b by Gauss-Jordan elimination with partial pivoting, for the small symmetric
 * positive definite systems of these fits; a pivot that vanishes leaves its unknown at 0.
 */
export function solveLinearSystem(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}
