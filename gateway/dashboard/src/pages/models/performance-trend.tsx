/**
 * The performance trend chart: the model's error metric (or, for a model that takes no feedback,
 * its p99 serving latency) per time bucket over the chosen window, the alert threshold in force
 * as a dashed line, and vertical markers where drift was detected and where a version was
 * activated, so a jump in the error can be read against what happened.
 */
import { useMemo } from 'preact/hooks';
import type { ModelLearningQuery, ModelOverviewQuery } from '../../__generated__/graphql.js';
import { formatDecimal } from '../../ui/format.js';
import { Empty } from '../../ui/states.js';
import { TimeChart, type ChartMarker, type ChartSeries } from '../../ui/time-chart.js';
import type { DriftRow } from './drift-rows.js';
import { TREND_RANGES, type TrendRange } from './trend-range.js';

type Model = NonNullable<ModelOverviewQuery['model']>;
type Version = NonNullable<ModelLearningQuery['model']>['versions'][number];

const seconds = (iso: string) => Date.parse(iso) / 1000;

export function PerformanceTrend({ model, versions, range, onRange, drift }: { model: Model; versions: readonly Version[]; range: TrendRange; onRange: (key: string) => void; drift: readonly DriftRow[] }) {
  const trend = model.performanceTrend;
  const byError = model.errorMetric !== null;
  const metric = byError ? model.errorMetric! : 'P99_LATENCY_MS';
  const { x, series, markers, drawn } = useMemo(() => {
    // The window's edges as points without values, so the axis spans the window chosen (a lone bucket would otherwise fill it).
    const to = Math.floor(Date.now() / 1000);
    const from = to - range.hours * 3600;
    const buckets = trend.filter((b) => seconds(b.start) >= from && seconds(b.start) <= to);
    const x = [from, ...buckets.map((b) => seconds(b.start)), to];
    const values = [null, ...buckets.map((b) => (byError ? b.error : b.metrics.latencyP99Ms)), null];
    const threshold = byError ? model.alertThresholds.errorAbove : model.alertThresholds.latencyP99AboveMs;
    const drawn = values.filter((v) => v !== null).length;
    const series: ChartSeries[] = [{ label: byError ? `${model.errorMetric} (mean per bucket)` : 'p99 latency, ms', values, color: '#1f5fbf', width: 2, points: drawn < 3 }];
    if (threshold !== null) series.push({ label: 'alert threshold', values: x.map(() => threshold), color: '#b3261e', width: 1, dash: [6, 4] });
    const within = (at: number) => at >= from && at <= to;
    const markers: ChartMarker[] = [
      ...drift.filter((d) => within(seconds(d.detectedAt))).map((d) => ({ at: seconds(d.detectedAt), label: `${d.severity} ${d.kind.toLowerCase()} drift`, color: '#8a1c1c' })),
      ...versions.filter((v) => v.activatedAt && within(seconds(v.activatedAt))).map((v) => ({ at: seconds(v.activatedAt!), label: `${v.version} activated`, color: '#1e7a34' })),
    ];
    return { x, series, markers, drawn };
  }, [trend, range.hours, byError, model, versions, drift]);

  return (
    <div class="trend" data-testid="performance-trend" data-hours={range.hours} data-bucket={range.bucket} data-metric={metric} data-bucket-count={trend.length} data-drawn-points={drawn}>
      <div class="range-picker" role="group" aria-label="Window of the trend">
        {TREND_RANGES.map((r) => (
          <button key={r.key} type="button" aria-pressed={r.key === range.key} data-range={r.key} onClick={() => onRange(r.key)}>
            {r.label}
          </button>
        ))}
      </div>
      {drawn === 0 ? (
        <Empty
          what={`No ${byError ? `${model.errorMetric} values` : 'latency'} recorded in the last ${range.label}.`}
          hint={
            byError
              ? 'The error is recorded when a feedback batch is processed (each adaptation run does so): feed outcomes back and run the pipeline, or choose a longer window.'
              : 'Latency is recorded while the model serves predictions: ask for some, or choose a longer window.'
          }
        />
      ) : (
        <TimeChart
          x={x}
          series={series}
          markers={markers}
          title={`${model.id}: ${byError ? model.errorMetric : 'p99 latency'} per bucket over the last ${range.label}`}
          yLabel={byError ? (model.errorMetric ?? '') : 'ms'}
          formatY={(v) => formatDecimal(v, byError ? 4 : 1)}
          testId="performance-trend-chart"
          height={240}
        />
      )}
    </div>
  );
}
