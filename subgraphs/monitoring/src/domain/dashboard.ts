import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { PerformanceAlertRecord } from './alert-rules.js';
import { METRIC_NAMES, type MetricName, type Metrics } from './metrics.js';
import type { PerformancePoint } from './performance-point.js';
import type { TrendBucketSummary } from './trend.js';

/** What Model.monitoringDashboard shows, and how its "current" metrics are read from the latest points. */
export interface Dashboard {
  model: CatalogModel;
  current: Metrics;
  lastRecordedAt: Date | null;
  trend: TrendBucketSummary[];
  openAlerts: PerformanceAlertRecord[];
  itemsLastHour: number;
  itemsLast24Hours: number;
}

/** How many of a model's latest points "current" looks through for each metric's latest value. */
export const LATEST_POINTS = 500;

/** The latest value of each metric among `points` (newest first), with the point it came from. */
export function latestValues(points: readonly PerformancePoint[]): Map<MetricName, { value: number; point: PerformancePoint }> {
  const latest = new Map<MetricName, { value: number; point: PerformancePoint }>();
  for (const point of points) {
    for (const name of METRIC_NAMES) {
      const value = point.metrics[name];
      if (value !== undefined && !latest.has(name)) latest.set(name, { value, point });
    }
  }
  return latest;
}

/** The latest value of each metric among `points` (newest first). */
export function currentMetrics(points: readonly PerformancePoint[]): Metrics {
  return Object.fromEntries([...latestValues(points)].map(([name, { value }]) => [name, value]));
}
