import { IssueCollector } from '@telepulse/platform/validation';
import { checkMetrics, presentMetrics, type Metrics } from './metrics.js';
import { pointId, type PerformancePoint } from './performance-point.js';

/**
 * From processed feedback batches (the feedback subgraph's `feedbackBatches`) to performance
 * points: one per batch and model version, at the batch's processing time, identified by the
 * batch and version so a batch read twice is recorded once.
 */

export interface VersionMetricsReport {
  version: string;
  count: number;
  mae: number | null;
  bias: number | null;
  coverage80: number | null;
  coverage95: number | null;
  mase: number | null;
  auc: number | null;
  brier: number | null;
}

export interface FeedbackBatchReport {
  id: string;
  /** ISO-8601. */
  processedAt: string;
  byVersion: readonly VersionMetricsReport[];
}

export interface RejectedVersion {
  batchId: string;
  version: string;
  reason: string;
}

/** The points of `batches`; a version whose metrics are none or out of range is left out and reported. */
export function feedbackPoints(modelId: string, batches: readonly FeedbackBatchReport[]): { points: PerformancePoint[]; rejected: RejectedVersion[] } {
  const points: PerformancePoint[] = [];
  const rejected: RejectedVersion[] = [];
  for (const batch of batches) {
    const at = new Date(batch.processedAt);
    for (const entry of batch.byVersion) {
      const { mae, bias, coverage80, coverage95, mase, auc, brier } = entry;
      const metrics: Metrics = presentMetrics({ mae, bias, coverage80, coverage95, mase, auc, brier });
      const issues = new IssueCollector();
      checkMetrics(metrics, issues, 'metrics');
      if (Number.isNaN(at.getTime())) issues.add('processedAt', batch.processedAt, 'must be a date');
      if (!issues.ok) {
        const first = issues.issues[0]!;
        rejected.push({ batchId: batch.id, version: entry.version, reason: `${first.field} ${first.message}` });
        continue;
      }
      points.push({ id: pointId([modelId, 'feedback', batch.id, entry.version]), modelId, version: entry.version, at, source: 'FEEDBACK', metrics });
    }
  }
  return { points, rejected };
}
