/**
 * Metrics of scores against what then happened, for classifiers and rankers: ROC-AUC (does a
 * higher score go with the positive outcome?), the Brier score (are the probabilities right?)
 * and Spearman's rank correlation (metrics.ts, re-exported here so the content evaluation reads
 * its three metrics from one place). Pure; ties are averaged, never broken by input order.
 */
import { averageRanks, MetricInputError } from './metrics.js';

export { spearman } from './metrics.js';

/**
 * The area under the ROC curve: the probability that a random positive scores above a random
 * negative, a tie counting one half (the Mann-Whitney U over average ranks). null when it is
 * undefined: no positives or no negatives.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  pairUp(scores, labels);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const ranks = averageRanks(scores);
  let positiveRanks = 0;
  labels.forEach((label, i) => {
    if (label) positiveRanks += ranks[i]!;
  });
  return (positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean of (probability − outcome)², the outcome 1 or 0: 0 is perfect, 0.25 what always saying 0.5 scores; NaN for no values. */
export function brierScore(probabilities: readonly number[], labels: readonly boolean[]): number {
  pairUp(probabilities, labels);
  let sum = 0;
  probabilities.forEach((p, i) => {
    sum += (p - (labels[i] ? 1 : 0)) ** 2;
  });
  return sum / probabilities.length;
}

function pairUp(a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) throw new MetricInputError([a.length, b.length]);
}
