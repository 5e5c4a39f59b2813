/**
 * Confidence of an engagement prediction: the calibrated chance that the observed rate lands
 * within the tolerance of the prediction. A logistic regression over a few signals of how
 * predictable this post is (how steady the channel has been, how much history there is, whether
 * early counts are known, how far the model strays from the channel's median), fitted on a
 * calibration split the model never trained on. Trainer and serving share this file.
 */

/** A prediction is a "hit" when |observed - predicted| <= max(RELATIVE × predicted, ABSOLUTE). */
export const HIT_TOLERANCE = { relative: 0.25, absolute: 0.005 } as const;

export const CONFIDENCE_SIGNALS = ['dispersion', 'historyShare', 'hasEarlyCounts', 'logPrediction', 'baselineGap'] as const;

export interface ConfidenceModel {
  /** Intercept first, then one weight per CONFIDENCE_SIGNALS entry. */
  coefficients: number[];
}

export interface ConfidenceInputs {
  /** Engagement rates of the history posts the model read. */
  historyRates: readonly number[];
  window: number;
  hasEarlyCounts: boolean;
  prediction: number;
}

const EPS = 0.005;

export function isHit(observed: number, predicted: number): boolean {
  return Math.abs(observed - predicted) <= Math.max(HIT_TOLERANCE.relative * predicted, HIT_TOLERANCE.absolute);
}

/** The median of the values (0 for none): the baseline forecast of a channel's next rate. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The signals, in CONFIDENCE_SIGNALS order. */
export function confidenceSignals(inputs: ConfidenceInputs): number[] {
  const logs = inputs.historyRates.map((r) => Math.log(r + EPS));
  const mean = logs.reduce((a, b) => a + b, 0) / Math.max(logs.length, 1);
  const dispersion = logs.length >= 2 ? Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1)) : 1;
  const logPrediction = Math.log(inputs.prediction + EPS);
  return [
    dispersion,
    Math.min(inputs.historyRates.length / inputs.window, 1),
    inputs.hasEarlyCounts ? 1 : 0,
    logPrediction,
    Math.abs(logPrediction - Math.log(median(inputs.historyRates) + EPS)),
  ];
}

export function confidence(model: ConfidenceModel, inputs: ConfidenceInputs): number {
  return sigmoid(dot(model.coefficients, [1, ...confidenceSignals(inputs)]));
}

/**
 * Fits the logistic regression by Newton's method (IRLS) with a small ridge penalty, so it
 * converges even when a signal separates hits perfectly. Deterministic.
 */
export function fitConfidenceModel(samples: readonly { signals: number[]; hit: boolean }[], ridge = 1e-3, iterations = 50): ConfidenceModel {
  const k = CONFIDENCE_SIGNALS.length + 1;
  let w = new Array<number>(k).fill(0);
  for (let iter = 0; iter < iterations; iter++) {
    const gradient = new Array<number>(k).fill(0);
    const hessian = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j && i > 0 ? ridge * samples.length : 0)));
    for (const { signals, hit } of samples) {
      const x = [1, ...signals];
      const p = sigmoid(dot(w, x));
      const weight = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < k; i++) {
        gradient[i]! += (p - (hit ? 1 : 0)) * x[i]!;
        for (let j = 0; j < k; j++) hessian[i]![j]! += weight * x[i]! * x[j]!;
      }
    }
    // The ridge penalty (ridge·N/2)·|w|², intercept left free.
    for (let i = 1; i < k; i++) gradient[i]! += ridge * samples.length * w[i]!;
    const step = solve(hessian, gradient);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { coefficients: w };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
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
