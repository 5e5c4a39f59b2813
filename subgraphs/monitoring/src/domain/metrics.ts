import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';
import { IssueCollector } from '@telepulse/platform/validation';

/**
 * The performance metrics a point may carry, what range each may take, and which one is a
 * model's error metric. Plain data and checks: no GraphQL, no MongoDB.
 */

export const METRIC_NAMES = [
  'mae',
  'bias',
  'coverage80',
  'coverage95',
  'mase',
  'auc',
  'brier',
  'latencyP50Ms',
  'latencyP99Ms',
  'meanBatchSize',
  'items',
  'runs',
  'failures',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** The metrics a processed feedback batch reports per model version (the feedback subgraph's VersionMetrics). */
export const FEEDBACK_METRICS = ['mae', 'bias', 'coverage80', 'coverage95', 'mase', 'auc', 'brier'] as const satisfies readonly MetricName[];

/** Some metrics; a missing one was not measured. */
export type Metrics = Partial<Record<MetricName, number>>;

interface MetricRule {
  /** Below this is impossible (bias alone may be negative). */
  min?: number;
  /** Above this is impossible (shares and probabilities). */
  max?: number;
  integer?: boolean;
}

const RULES: Record<MetricName, MetricRule> = {
  mae: { min: 0 },
  bias: {},
  coverage80: { min: 0, max: 1 },
  coverage95: { min: 0, max: 1 },
  mase: { min: 0 },
  auc: { min: 0, max: 1 },
  brier: { min: 0, max: 1 },
  latencyP50Ms: { min: 0 },
  latencyP99Ms: { min: 0 },
  meanBatchSize: { min: 0 },
  items: { min: 0, integer: true },
  runs: { min: 0, integer: true },
  failures: { min: 0, integer: true },
};

export type ErrorMetricName = Extract<MetricName, 'mae' | 'mase' | 'brier'>;

/** The metric that judges a model of this outcome kind (alerts and trends call it `error`); null for a model without outcome. */
export function errorMetricOf(outcome: OutcomeKind | null): ErrorMetricName | null {
  switch (outcome) {
    case 'ENGAGEMENT_RATE':
      return 'mae';
    case 'SUBSCRIBER_COUNT':
      return 'mase';
    case 'VIRAL':
      return 'brier';
    case null:
      return null;
  }
}

/** The metrics set in `input` (null and undefined left out), in METRIC_NAMES order. */
export function presentMetrics(input: Partial<Record<MetricName, number | null | undefined>>): Metrics {
  const metrics: Metrics = {};
  for (const name of METRIC_NAMES) {
    const value = input[name];
    if (value !== null && value !== undefined) metrics[name] = value;
  }
  return metrics;
}

/**
 * Adds an issue to `issues` for each metric out of its range (field `<field>.<name>`), and one
 * naming `field` when there is none at all.
 */
export function checkMetrics(metrics: Metrics, issues: IssueCollector, field: string): void {
  const names = Object.keys(metrics) as MetricName[];
  if (names.length === 0) issues.add(field, {}, `needs at least one metric (${METRIC_NAMES.join(', ')})`);
  for (const name of names) {
    const value = metrics[name]!;
    const rule = RULES[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) issues.add(`${field}.${name}`, value, 'must be a finite number');
    else if (rule.integer && !Number.isInteger(value)) issues.add(`${field}.${name}`, value, 'must be a whole number');
    else if (rule.min !== undefined && value < rule.min) issues.add(`${field}.${name}`, value, `must be at least ${rule.min}`);
    else if (rule.max !== undefined && value > rule.max) issues.add(`${field}.${name}`, value, `must be at most ${rule.max}`);
  }
}
