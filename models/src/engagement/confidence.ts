/**
 * Confidence of an engagement prediction: the calibrated chance that the observed rate lands
 * within the tolerance of the prediction. A logistic regression over a few signals of how
 * predictable this post is (how steady the channel has been, how much history there is, whether
 * early counts are known, how far the model strays from the channel's median), fitted on a
 * calibration split the model never trained on. Serve-time scoring; the fit is training/fit-confidence.ts.
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
  /** Past posts the model reads at most: historyRates.length / historyPosts is how full its history was. */
  historyPosts: number;
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
    Math.min(inputs.historyRates.length / inputs.historyPosts, 1),
    inputs.hasEarlyCounts ? 1 : 0,
    logPrediction,
    Math.abs(logPrediction - Math.log(median(inputs.historyRates) + EPS)),
  ];
}

export function confidence(model: ConfidenceModel, inputs: ConfidenceInputs): number {
  return sigmoid(dot(model.coefficients, [1, ...confidenceSignals(inputs)]));
}

/** The logistic function. */
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Dot product of two vectors of the same length. */
export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
