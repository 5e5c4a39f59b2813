import { sigmoid, type ViralCalibration } from '../calibration.js';

/**
 * Platt scaling: the slope and intercept of P(viral) = sigmoid(slope × logit + intercept) that
 * maximise the likelihood of the labels, by Newton's method on the two parameters, with Platt's
 * targets ((viral + 1) / (viral + 2) for a viral post, 1 / (others + 2) for the rest) so a
 * separable calibration set cannot drive the slope to infinity. A fit whose slope is not positive
 * (a network whose logit does not rank at all on these posts) keeps the ranking with a flat
 * slope of 1e-6 and states the base rate. Deterministic.
 */
export function fitPlatt(logits: ArrayLike<number>, labels: readonly boolean[], iterations = 100): ViralCalibration {
  const n = labels.length;
  const positives = labels.filter(Boolean).length;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (n - positives + 2);
  let a = 1;
  let b = Math.log((positives + 1) / (n - positives + 1));
  for (let iter = 0; iter < iterations; iter++) {
    // Gradient and Hessian of the negative log-likelihood in (a, b).
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const z = logits[i]!;
      const p = sigmoid(a * z + b);
      const residual = p - (labels[i] ? high : low);
      const weight = p * (1 - p);
      ga += residual * z;
      gb += residual;
      haa += weight * z * z;
      hab += weight * z;
      hbb += weight;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  if (!(a > 0)) return { method: 'platt', slope: 1e-6, intercept: Math.log((positives + 1) / (n - positives + 1)) };
  return { method: 'platt', slope: a, intercept: b };
}
