/**
 * Confidence of an engagement prediction: the calibrated chance that the observed rate lands
 * within the tolerance of the prediction.
 *
 * The network states its own uncertainty per post: besides the log ratio it predicts the scale
 * b of a Laplace distribution around it (trained by the Laplace likelihood), so a post like those
 * that went either way in training gets a wide b and one the channel always treats alike a narrow
 * one. The chance that the observed rate falls within the tolerance band under that distribution
 * ranks posts within a channel; a logistic regression over it and a few signals (how much history,
 * early counts), fitted on data the network never trained on, makes the number calibrated.
 * Serve-time scoring; the fit is training/fit-confidence.ts.
 */
import { rateToRatio, type ChannelLevel } from './features.js';

/** A prediction is a "hit" when |observed - predicted| <= max(RELATIVE × predicted, ABSOLUTE). */
export const HIT_TOLERANCE = { relative: 0.25, absolute: 0.005 } as const;

export const CONFIDENCE_SIGNALS = ['laplaceLogit', 'logScale', 'historyShare', 'hasEarlyCounts'] as const;

export interface ConfidenceModel {
  /** Intercept first, then one weight per CONFIDENCE_SIGNALS entry. */
  coefficients: number[];
  /**
   * An increasing map from the logistic score to the observed hit rate (isotonic regression on
   * calibration data, linear between knots): it fixes what a logistic curve cannot bend to,
   * and keeps the order of the scores, so the ranking of errors is untouched.
   */
  isotonic?: { scores: number[]; rates: number[] };
}

/** Nothing is certain, nothing hopeless: stated confidence stays within these bounds. */
export const CONFIDENCE_BOUNDS = [0.01, 0.99] as const;

export interface ConfidenceInputs {
  /** The predicted rate. */
  prediction: number;
  /** The network's log ratio and its Laplace scale. */
  ratio: number;
  scale: number;
  level: ChannelLevel;
  /** History posts read / the most the model reads. */
  historyShare: number;
  hasEarlyCounts: boolean;
}

export function hitBand(predicted: number): { low: number; high: number } {
  const tolerance = Math.max(HIT_TOLERANCE.relative * predicted, HIT_TOLERANCE.absolute);
  return { low: Math.max(0, predicted - tolerance), high: predicted + tolerance };
}

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

/**
 * P(observed within the hit band) if its log ratio is Laplace(ratio, scale). A rate cannot go
 * below 0, so when the band reaches 0 the mass below it is a hit too (the distribution is
 * censored there, not cut).
 */
export function laplaceHitProbability(inputs: Pick<ConfidenceInputs, 'prediction' | 'ratio' | 'scale' | 'level'>): number {
  const { low, high } = hitBand(inputs.prediction);
  const cdf = (x: number) => (x < inputs.ratio ? 0.5 * Math.exp((x - inputs.ratio) / inputs.scale) : 1 - 0.5 * Math.exp(-(x - inputs.ratio) / inputs.scale));
  return cdf(rateToRatio(high, inputs.level)) - (low > 0 ? cdf(rateToRatio(low, inputs.level)) : 0);
}

/** The signals, in CONFIDENCE_SIGNALS order. */
export function confidenceSignals(inputs: ConfidenceInputs): number[] {
  // Bounded so one extreme signal cannot carry the logistic to 0 or 1 alone.
  const p = Math.min(Math.max(laplaceHitProbability(inputs), 0.005), 0.995);
  return [Math.log(p / (1 - p)), Math.log(inputs.scale), inputs.historyShare, inputs.hasEarlyCounts ? 1 : 0];
}

/** The logistic score before the isotonic map. */
export function confidenceScore(model: Pick<ConfidenceModel, 'coefficients'>, inputs: ConfidenceInputs): number {
  return sigmoid(dot(model.coefficients, [1, ...confidenceSignals(inputs)]));
}

export function confidence(model: ConfidenceModel, inputs: ConfidenceInputs): number {
  const score = confidenceScore(model, inputs);
  const mapped = model.isotonic ? interpolate(model.isotonic, score) : score;
  return Math.min(CONFIDENCE_BOUNDS[1], Math.max(CONFIDENCE_BOUNDS[0], mapped));
}

/** Piecewise-linear through the knots, flat beyond the first and last. */
export function interpolate({ scores, rates }: { scores: readonly number[]; rates: readonly number[] }, x: number): number {
  if (scores.length === 0) return x;
  if (x <= scores[0]!) return rates[0]!;
  for (let i = 1; i < scores.length; i++) {
    if (x <= scores[i]!) {
      const t = (x - scores[i - 1]!) / (scores[i]! - scores[i - 1]! || 1);
      return rates[i - 1]! + t * (rates[i]! - rates[i - 1]!);
    }
  }
  return rates[rates.length - 1]!;
}

/** The logistic function. */
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Dot product of two vectors of the same length. */
export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
