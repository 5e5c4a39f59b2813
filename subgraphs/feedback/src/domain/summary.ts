import type { VersionMetrics } from './version-metrics.js';

/** Model.feedbackSummary. */
export interface FeedbackSummaryView {
  total: number;
  processed: number;
  unprocessed: number;
  byVersion: VersionMetrics[];
  lastFeedbackAt: Date | null;
}
