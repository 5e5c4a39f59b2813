/**
 * A model's open performance alerts (monitoring): which rule, what was seen against the threshold
 * in force, on which version, since when. The thresholds are listed beside them so "why is there
 * no alert" has an answer too.
 */
import type { AlertRule, ModelOverviewQuery } from '../../__generated__/graphql.js';
import { formatDecimal } from '../../ui/format.js';
import { Time } from '../../ui/time.js';

type Model = NonNullable<ModelOverviewQuery['model']>;

const RULES: Record<AlertRule, string> = {
  ERROR_ABOVE: 'Error above threshold',
  LATENCY_P99_ABOVE: 'p99 latency above threshold',
  ERROR_RISING: 'Error rising',
};

/** The rules in force, in words (a rule set to null is off; the error rules need an error metric). */
function thresholdRules(model: Model): string[] {
  const t = model.alertThresholds;
  const rules: string[] = [];
  if (model.errorMetric && t.errorAbove !== null) rules.push(`the ${model.errorMetric} is above ${formatDecimal(t.errorAbove, 4)}`);
  if (t.latencyP99AboveMs !== null) rules.push(`the p99 latency is above ${formatDecimal(t.latencyP99AboveMs, 0)} ms`);
  if (model.errorMetric) rules.push(`the hourly ${model.errorMetric} rises ${t.risingBuckets} buckets in a row`);
  return rules;
}

export function PerformanceAlerts({ model }: { model: Model }) {
  const t = model.alertThresholds;
  const alerts = model.performanceAlerts;
  const rules = thresholdRules(model);
  return (
    <>
      <p class="hint" data-testid="alert-thresholds" data-error-above={t.errorAbove ?? ''} data-latency-p99-above-ms={t.latencyP99AboveMs ?? ''} data-rising-buckets={t.risingBuckets}>
        {rules.length > 0 ? `Alerts open when ${rules.join(', or ')}.` : 'Every alert rule of this model is off.'}
      </p>
      {alerts.length === 0 ? (
        <p class="state state-empty" data-state="empty" data-testid="no-open-alerts">
          No open alerts: every rule holds.
        </p>
      ) : (
        <ul class="alert-rows" data-testid="performance-alerts" data-alert-count={alerts.length}>
          {alerts.map((a) => (
            <li key={a.id} data-alert-id={a.id} data-rule={a.rule} data-value={a.value} data-threshold={a.threshold} data-version={a.version ?? ''}>
              <strong>{RULES[a.rule]}</strong>: {a.message}
              <span class="sub">
                {formatDecimal(a.value, 4)} against {formatDecimal(a.threshold, 4)}
                {a.version ? ` on ${a.version}` : ''}, open since <Time value={a.openedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
