/**
 * Error metrics per model version over feedback items, with the metric code `pnpm eval` uses
 * (models/src/evaluation/metrics.ts, rank-metrics.ts): MAE and bias for rates and counts,
 * interval coverage and MASE for forecasts, ROC-AUC and Brier for viral probabilities.
 */
import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';
import { bias, intervalCoverage, mean, meanAbsoluteError } from '@telepulse/models/evaluation/metrics';
import { brierScore, rocAuc } from '@telepulse/models/evaluation/rank-metrics';
import type { FeedbackRecord, ObservedPair } from './feedback.js';
import { scaledErrors } from './item-error.js';

export interface VersionMetrics {
  version: string;
  /** Feedback items. */
  count: number;
  mae: number | null;
  bias: number | null;
  coverage80: number | null;
  coverage95: number | null;
  mase: number | null;
  auc: number | null;
  brier: number | null;
}

/** What the metrics read of a feedback item. */
export type MetricItem = Pick<FeedbackRecord, 'modelVersion' | 'outcome' | 'pairs' | 'scale'>;

/** Metrics per model version, ordered by version; a model's items share one outcome kind. */
export function metricsByVersion(items: readonly MetricItem[]): VersionMetrics[] {
  const groups = new Map<string, MetricItem[]>();
  for (const item of items) groups.set(item.modelVersion, [...(groups.get(item.modelVersion) ?? []), item]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([version, group]) => versionMetrics(version, group));
}

/** One version's metrics over its items. */
export function versionMetrics(version: string, items: readonly MetricItem[]): VersionMetrics {
  const none: VersionMetrics = { version, count: items.length, mae: null, bias: null, coverage80: null, coverage95: null, mase: null, auc: null, brier: null };
  const outcome = items[0]?.outcome;
  const pairs = items.flatMap((i) => i.pairs);
  if (outcome === undefined || pairs.length === 0) return none;
  const predicted = pairs.map((p) => p.predicted);
  const observed = pairs.map((p) => p.observed);
  switch (outcome satisfies OutcomeKind) {
    case 'ENGAGEMENT_RATE':
      return { ...none, mae: finite(meanAbsoluteError(predicted, observed)), bias: finite(bias(predicted, observed)) };
    case 'VIRAL': {
      const labels = observed.map((o) => o === 1);
      return { ...none, auc: rocAuc(predicted, labels), brier: finite(brierScore(predicted, labels)) };
    }
    case 'SUBSCRIBER_COUNT':
      return {
        ...none,
        mae: finite(meanAbsoluteError(predicted, observed)),
        bias: finite(bias(predicted, observed)),
        coverage80: coverage(pairs, 'lower80', 'upper80'),
        coverage95: coverage(pairs, 'lower95', 'upper95'),
        // As eval: the mean of every observed day's scaled error, each day scaled by its own history.
        mase: finite(mean(items.flatMap((i) => (i.scale === null ? [] : scaledErrors(i.pairs, i.scale))))),
      };
  }
}

/** Coverage over the pairs that state that interval; null when none does. */
function coverage(pairs: readonly ObservedPair[], lower: 'lower80' | 'lower95', upper: 'upper80' | 'upper95'): number | null {
  const stated = pairs.filter((p) => p[lower] !== null && p[upper] !== null);
  if (stated.length === 0) return null;
  return intervalCoverage(
    stated.map((p) => p[lower]!),
    stated.map((p) => p[upper]!),
    stated.map((p) => p.observed),
  );
}

/** A metric of no values is NaN in the metric code; the API says null. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
