import { createHash } from 'node:crypto';

/**
 * The alert rules and their state machine, as plain functions: which rules fire for a model's
 * latest signals, and which alerts that opens or resolves. At most one alert is open per model
 * and rule; a rule that stops firing resolves it, and one that fires again later opens a new one.
 */

export const ALERT_RULES = ['ERROR_ABOVE', 'LATENCY_P99_ABOVE', 'ERROR_RISING'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Null disables a rule. */
export interface Thresholds {
  errorAbove: number | null;
  latencyP99AboveMs: number | null;
  /** ERROR_RISING fires when the hourly error rose this many buckets in a row. */
  risingBuckets: number;
}

export interface ThresholdsInForce extends Thresholds {
  /** True when an admin changed the catalog's values. */
  overridden: boolean;
}

/** The bounds setAlertThresholds accepts for risingBuckets. */
export const RISING_BUCKETS_MIN = 2;
export const RISING_BUCKETS_MAX = 48;

/** A value seen at a time, with the version it was measured on. */
export interface Observation {
  value: number;
  version: string | null;
  at: Date;
}

/** What the rules judge: the model's latest measurements and its recent hourly error. */
export interface ModelSignals {
  /** The latest value of the model's error metric; null when none (or the model has no error metric). */
  latestError: Observation | null;
  latestLatencyP99: Observation | null;
  /** The mean error of the recent hourly buckets that have one, oldest first. */
  hourlyErrors: readonly number[];
}

export interface RuleVerdict {
  rule: AlertRule;
  firing: boolean;
  value: number;
  threshold: number;
  version: string | null;
  message: string;
}

/** How many times in a row the series rose at its end (each value strictly above the one before). */
export function trailingRises(series: readonly number[]): number {
  let rises = 0;
  for (let i = series.length - 1; i > 0 && series[i]! > series[i - 1]!; i--) rises += 1;
  return rises;
}

/** The verdict of a rule that fires when an observed value is above a limit (null: disabled). */
function aboveRule(rule: AlertRule, limit: number | null, seen: Observation | null, what: string, unit = ''): RuleVerdict {
  const firing = limit !== null && seen !== null && seen.value > limit;
  return {
    rule,
    firing,
    value: seen?.value ?? 0,
    threshold: limit ?? 0,
    version: seen?.version ?? null,
    message: firing ? `${what} ${seen!.value}${unit} is above ${limit}${unit}` : `${what} is not above the threshold`,
  };
}

/** Each rule's verdict on the signals; a disabled rule, or one without the signal it judges, does not fire. */
export function evaluateRules(thresholds: Thresholds, signals: ModelSignals, errorMetric: string | null): RuleVerdict[] {
  const { latestError, latestLatencyP99, hourlyErrors } = signals;
  const error = errorMetric ?? 'error';
  const rises = trailingRises(hourlyErrors);
  const rising = errorMetric !== null && rises >= thresholds.risingBuckets;
  return [
    aboveRule('ERROR_ABOVE', thresholds.errorAbove, latestError, error),
    aboveRule('LATENCY_P99_ABOVE', thresholds.latencyP99AboveMs, latestLatencyP99, 'p99 latency', ' ms'),
    {
      rule: 'ERROR_RISING',
      firing: rising,
      value: hourlyErrors.at(-1) ?? 0,
      threshold: thresholds.risingBuckets,
      version: latestError?.version ?? null,
      message: `hourly ${error} rose ${rises} buckets in a row${rising ? `, to ${hourlyErrors.at(-1)}` : ` (alert at ${thresholds.risingBuckets})`}`,
    },
  ];
}

export interface PerformanceAlertRecord {
  id: string;
  modelId: string;
  rule: AlertRule;
  value: number;
  threshold: number;
  version: string | null;
  message: string;
  openedAt: Date;
  /** Null while open. */
  resolvedAt: Date | null;
}

/** An alert's id: the model, the rule and when it opened. */
export function alertId(modelId: string, rule: AlertRule, openedAt: Date): string {
  return createHash('sha256').update(JSON.stringify([modelId, rule, openedAt.toISOString()])).digest('hex').slice(0, 32);
}

export interface AlertChanges {
  open: PerformanceAlertRecord[];
  /** Open alerts whose rule no longer fires. */
  resolve: PerformanceAlertRecord[];
}

/** What the verdicts change, given the model's open alerts: a firing rule without an open alert opens one; a quiet rule resolves its open one. */
export function alertChanges(modelId: string, verdicts: readonly RuleVerdict[], open: readonly PerformanceAlertRecord[], now: Date): AlertChanges {
  const changes: AlertChanges = { open: [], resolve: [] };
  for (const verdict of verdicts) {
    const current = open.find((alert) => alert.rule === verdict.rule);
    if (verdict.firing && !current) {
      const { rule, value, threshold, version, message } = verdict;
      changes.open.push({ id: alertId(modelId, rule, now), modelId, rule, value, threshold, version, message, openedAt: now, resolvedAt: null });
    } else if (!verdict.firing && current) {
      changes.resolve.push(current);
    }
  }
  return changes;
}
