import { solveLinearSystem } from '../../training/linear-models.js';
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
    const step = solveLinearSystem(hessian, gradient);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { coefficients: w };
}

/**
 * Isotonic regression of hits on scores (pool adjacent violators), blocks of fewer than
 * `minBlock` examples merged into a neighbour so no knot rests on a handful of posts. Knots are
 * each block's mean score and hit rate: increasing in both.
 */
export function fitIsotonic(samples: readonly { score: number; hit: boolean }[], minBlock = 100): { scores: number[]; rates: number[] } {
  const sorted = [...samples].sort((a, b) => a.score - b.score);
  type Block = { n: number; scoreSum: number; hits: number };
  const blocks: Block[] = [];
  const rate = (b: Block) => b.hits / b.n;
  const merge = (a: Block, b: Block): Block => ({ n: a.n + b.n, scoreSum: a.scoreSum + b.scoreSum, hits: a.hits + b.hits });
  for (const { score, hit } of sorted) {
    blocks.push({ n: 1, scoreSum: score, hits: hit ? 1 : 0 });
    while (blocks.length > 1 && rate(blocks[blocks.length - 2]!) >= rate(blocks[blocks.length - 1]!)) {
      const last = blocks.pop()!;
      blocks.push(merge(blocks.pop()!, last));
    }
  }
  // Small blocks join the neighbour closer in rate; merging neighbours keeps the rates increasing.
  for (let i = 0; i < blocks.length && blocks.length > 1; ) {
    if (blocks[i]!.n >= minBlock) {
      i += 1;
      continue;
    }
    const left = i > 0 ? blocks[i - 1]! : null;
    const right = i < blocks.length - 1 ? blocks[i + 1]! : null;
    const intoLeft = left !== null && (right === null || rate(blocks[i]!) - rate(left) <= rate(right) - rate(blocks[i]!));
    if (intoLeft) {
      blocks.splice(i - 1, 2, merge(left, blocks[i]!));
      i -= 1;
    } else {
      blocks.splice(i, 2, merge(blocks[i]!, right!));
    }
  }
  return { scores: blocks.map((b) => b.scoreSum / b.n), rates: blocks.map(rate) };
}
