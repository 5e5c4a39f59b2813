import { fitLogistic } from '../../training/linear-models.js';
import type { ViralCalibration } from '../calibration.js';

/**
 * Platt scaling: the slope and intercept of P(viral) = sigmoid(slope × logit + intercept) that
 * maximise the likelihood of the labels (a one-feature logistic regression, its small ridge
 * keeping a separable calibration set finite). A fit whose slope is not positive (a logit that
 * does not rank these posts at all) keeps the ranking with a flat slope of 1e-6 and states the
 * base rate. Deterministic.
 */
export function fitPlatt(logits: ArrayLike<number>, labels: readonly boolean[]): ViralCalibration {
  const [intercept, slope] = fitLogistic(Array.from(logits, (z) => [z]), labels).weights as [number, number];
  if (slope > 0) return { method: 'platt', slope, intercept };
  const positives = labels.filter(Boolean).length;
  return { method: 'platt', slope: 1e-6, intercept: Math.log((positives + 1) / (labels.length - positives + 1)) };
}
