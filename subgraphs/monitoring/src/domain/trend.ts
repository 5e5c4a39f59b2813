import { bucketEnd, type TrendBucket } from './buckets.js';
import { METRIC_NAMES, type ErrorMetricName, type MetricName, type Metrics } from './metrics.js';

/**
 * A trend bucket from what the database summed: per bucket and metric, the sum of the values and
 * how many points had it. Means are taken here; the grouping is the database's.
 */

/** The pseudo-metric every point has once (value 1): its count is the bucket's point count. */
export const POINT_SAMPLE = 'points';

/** One (bucket, metric) group as the aggregation returns it. */
export interface BucketMetricSum {
  start: Date;
  metric: string;
  sum: number;
  count: number;
}

export interface TrendBucketSummary {
  start: Date;
  end: Date;
  /** Points in the bucket. */
  count: number;
  /** The mean of the model's error metric; null when no point had it. */
  error: number | null;
  /** The mean of each metric over the points that had it. */
  metrics: Metrics;
}

const KNOWN = new Set<string>(METRIC_NAMES);

/** The buckets the groups describe, oldest first; a metric not among METRIC_NAMES is ignored. */
export function summarizeBuckets(groups: readonly BucketMetricSum[], bucket: TrendBucket, errorMetric: ErrorMetricName | null): TrendBucketSummary[] {
  const byStart = new Map<number, TrendBucketSummary>();
  for (const group of groups) {
    const key = group.start.getTime();
    let summary = byStart.get(key);
    if (!summary) {
      summary = { start: group.start, end: bucketEnd(group.start, bucket), count: 0, error: null, metrics: {} };
      byStart.set(key, summary);
    }
    if (group.metric === POINT_SAMPLE) summary.count = group.count;
    else if (KNOWN.has(group.metric) && group.count > 0) summary.metrics[group.metric as MetricName] = group.sum / group.count;
  }
  const buckets = [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  for (const summary of buckets) summary.error = errorMetric === null ? null : (summary.metrics[errorMetric] ?? null);
  return buckets;
}
