/**
 * From the network's logit to what the API states: `score`, a calibrated probability that the
 * post lands in its channel's top decile, and `confidence`, the probability that the call the
 * score makes (viral when score >= 0.5) is right.
 *
 * Platt scaling (a logistic curve over the logit, fitted on calibration channels the network
 * never trained on; training/fit-calibration.ts): the class weighting of the loss and the
 * network's own over- or under-confidence both come out as a slope and an offset, and a curve
 * with a positive slope keeps the network's ranking whole (an isotonic map would tie the posts
 * in each of its flat blocks). When the score is calibrated, the call is right with probability
 * score above 0.5 and 1 - score below it, so confidence needs no second fit.
 */

export interface ViralCalibration {
  method: 'platt';
  /** P(viral) = sigmoid(slope × logit + intercept); slope > 0. */
  slope: number;
  intercept: number;
}

/** The identity: the logit read as it is (a model not yet calibrated). */
export const UNCALIBRATED: ViralCalibration = { method: 'platt', slope: 1, intercept: 0 };

/** The score a call is made at: viral when score >= this. */
export const VIRAL_CALL_THRESHOLD = 0.5;

/** The calibrated probability that the post is viral, for the network's logit. */
export function calibratedScore(calibration: ViralCalibration, logit: number): number {
  return sigmoid(calibration.slope * logit + calibration.intercept);
}

/** The probability that the call made from a calibrated score is right. */
export function callConfidence(score: number): number {
  return score >= VIRAL_CALL_THRESHOLD ? score : 1 - score;
}

/** The logistic function, without overflow for large |z|. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
