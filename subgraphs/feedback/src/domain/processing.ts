/**
 * A processing batch: the feedback one processFeedbackBatch run claimed, and its metrics per
 * model version. Plain data.
 */
import type { VersionMetrics } from './version-metrics.js';

export interface ProcessingRecord {
  /** The batch id the run claimed its items with (`processedBy` on each). */
  id: string;
  modelId: string;
  /** The model's batch order: the cursor of feedbackBatches. */
  seq: number;
  /** OPEN from when the run starts claiming until its metrics are stored (DONE). */
  state: 'OPEN' | 'DONE';
  startedAt: Date;
  /** When its metrics were stored; null while OPEN. */
  processedAt: Date | null;
  items: number;
  byVersion: VersionMetrics[];
}
