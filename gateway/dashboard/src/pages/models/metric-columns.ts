/**
 * Which feedback metrics a model's table shows, by what its predictions are judged against
 * (Model.outcome): the ones feedback computes for that kind (VersionMetrics says which apply),
 * with how each reads. The first is the model's error metric where it has one (Model.errorMetric).
 */
import type { ErrorMetric, OutcomeKind } from '../../__generated__/graphql.js';

export type MetricKey = 'mae' | 'bias' | 'coverage80' | 'coverage95' | 'mase' | 'auc' | 'brier';

export interface MetricColumn {
  key: MetricKey;
  label: string;
  /** What it means, for the column's title. */
  description: string;
  /** True: smaller is better (an error); false: larger is better; null: neither (bias, coverage near its nominal level). */
  lowerIsBetter: boolean | null;
  /** How it reads: a share (coverage) as a percentage, the rest as a number. */
  format: 'percent' | 'number';
}

const COLUMNS: Record<MetricKey, MetricColumn> = {
  mae: { key: 'mae', label: 'MAE', description: 'mean |predicted − observed|', lowerIsBetter: true, format: 'number' },
  bias: { key: 'bias', label: 'Bias', description: 'mean predicted − observed: positive when the model over-predicts', lowerIsBetter: null, format: 'number' },
  coverage80: { key: 'coverage80', label: '80 % coverage', description: 'share of observed days inside the 80 % interval (ideally 80 %)', lowerIsBetter: null, format: 'percent' },
  coverage95: { key: 'coverage95', label: '95 % coverage', description: 'share of observed days inside the 95 % interval (ideally 95 %)', lowerIsBetter: null, format: 'percent' },
  mase: { key: 'mase', label: 'MASE', description: 'MAE relative to a weekly seasonal-naive forecast (below 1: better than it)', lowerIsBetter: true, format: 'number' },
  auc: { key: 'auc', label: 'AUC', description: 'ROC-AUC of the viral probability against what happened', lowerIsBetter: false, format: 'number' },
  brier: { key: 'brier', label: 'Brier', description: 'mean (probability − outcome)²', lowerIsBetter: true, format: 'number' },
};

const BY_OUTCOME: Record<OutcomeKind, MetricKey[]> = {
  ENGAGEMENT_RATE: ['mae', 'bias'],
  SUBSCRIBER_COUNT: ['mase', 'mae', 'bias', 'coverage80', 'coverage95'],
  VIRAL: ['brier', 'auc'],
};

/** The columns for a model judged on `outcome` (none for a model that takes no feedback). */
export function metricColumns(outcome: OutcomeKind | null): MetricColumn[] {
  return outcome ? BY_OUTCOME[outcome].map((key) => COLUMNS[key]) : [];
}

/** The column of the model's error metric (what its alerts and trend call `error`), if it has one. */
export function errorColumn(metric: ErrorMetric | null): MetricColumn | null {
  return metric ? COLUMNS[metric.toLowerCase() as MetricKey] : null;
}

/** A version's value of `key`. */
export function metricValue(metrics: Readonly<Record<MetricKey, number | null>>, key: MetricKey): number | null {
  return metrics[key] ?? null;
}
