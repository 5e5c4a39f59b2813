import { IssueCollector } from '@telepulse/platform/validation';
import { checkMetrics, FEEDBACK_METRICS, presentMetrics } from './metrics.js';
import { pointId, type PerformancePoint } from './performance-point.js';

/**
 * From processed feedback batches (the feedback subgraph's `feedbackBatches`) to performance
 * points: one per batch and model version, at the batch's processing time, identified by the
 * batch and version so a batch read twice is recorded once.
 */

/** One version's metrics in a batch: null where the metric does not apply or is undefined. */
export type VersionMetricsReport = { version: string; count: number } & Record<(typeof FEEDBACK_METRICS)[number], number | null>;

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
      const metrics = presentMetrics(Object.fromEntries(FEEDBACK_METRICS.map((name) => [name, entry[name]])));
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
