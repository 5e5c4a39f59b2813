import { CONFIDENCE_SIGNALS, dot, sigmoid, type ConfidenceModel } from '../confidence.js';

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
