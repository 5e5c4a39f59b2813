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

export function PerformanceAlerts({ model }: { model: Model }) {
  const t = model.alertThresholds;
  const alerts = model.performanceAlerts;
  return (
    <>
      <p class="hint" data-testid="alert-thresholds" data-error-above={t.errorAbove ?? ''} data-latency-p99-above-ms={t.latencyP99AboveMs ?? ''} data-rising-buckets={t.risingBuckets}>
        Alerts open when the error ({model.errorMetric ?? 'none'}) is above {t.errorAbove === null ? 'never (rule off)' : formatDecimal(t.errorAbove, 4)}, the p99 latency above{' '}
        {t.latencyP99AboveMs === null ? 'never (rule off)' : `${formatDecimal(t.latencyP99AboveMs, 0)} ms`}, or the hourly error rises {t.risingBuckets} buckets in a row.
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
