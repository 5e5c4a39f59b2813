/**
 * The error of one feedback item, with the metric code `pnpm eval` uses
 * (models/src/evaluation): the absolute error of a rate, the Brier score of a probability, and
 * for a forecast the mean over its observed days of the absolute error scaled as MASE is.
 */
import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';
import { absoluteErrors, mean, meanAbsoluteError } from '@telepulse/models/evaluation/metrics';
import { brierScore } from '@telepulse/models/evaluation/rank-metrics';
import type { ObservedPair } from './feedback.js';

/**
 * The least MASE scale, subscribers per day. `pnpm eval` leaves out a history whose counts never
 * moved week on week (scale 0: nothing to divide by); a feedback item still needs an error, so
 * such a channel's error is counted in subscribers, and the aggregate MASE uses the same floored
 * scale (it differs from eval's only for channels that moved less than one subscriber a day).
 */
export const MASE_SCALE_FLOOR = 1;

/** MASE's scale for a forecast, floored (MASE_SCALE_FLOOR). */
export function maseScale(naiveMae: number): number {
  return Math.max(naiveMae, MASE_SCALE_FLOOR);
}

/** Absolute errors of the pairs divided by `scale`: the per-day terms MASE averages. */
export function scaledErrors(pairs: readonly ObservedPair[], scale: number): number[] {
  return absoluteErrors(
    pairs.map((p) => p.predicted),
    pairs.map((p) => p.observed),
  ).map((e) => e / scale);
}

/** The item's error for its outcome kind; `scale` is read for SUBSCRIBER_COUNT only. */
export function itemError(outcome: OutcomeKind, pairs: readonly ObservedPair[], scale: number | null): number {
  const predicted = pairs.map((p) => p.predicted);
  switch (outcome) {
    case 'ENGAGEMENT_RATE':
      return meanAbsoluteError(predicted, pairs.map((p) => p.observed));
    case 'VIRAL':
      return brierScore(predicted, pairs.map((p) => p.observed === 1));
    case 'SUBSCRIBER_COUNT':
      if (scale === null || !(scale > 0)) throw new RangeError(`a SUBSCRIBER_COUNT error needs a positive scale, got ${scale}`);
      return mean(scaledErrors(pairs, scale));
  }
}
