/**
 * The pipeline's decisions, as plain functions of what the steps read: whether a run adapts the
 * model, how (incremental or full retraining), and which of a feedback batch's metrics become
 * the performance point. No I/O: plain functions of the steps' typed answers.
 */
import type { ProcessFeedbackBatchMutation } from '../__generated__/supergraph-operations.js';

export type Severity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
export type Trigger = 'MANUAL' | 'SCHEDULE' | 'DRIFT_ALERT';
export type Strategy = 'INCREMENTAL' | 'FULL_RETRAIN';

const ORDER: readonly Severity[] = ['NONE', 'LOW', 'MEDIUM', 'HIGH'];

/** The higher of two severities (null counts as NONE). */
export function maxSeverity(a: Severity | null | undefined, b: Severity | null | undefined): Severity {
  return ORDER[Math.max(ORDER.indexOf(a ?? 'NONE'), ORDER.indexOf(b ?? 'NONE'))]!;
}

/** Whether `severity` is at least `minimum`. */
export const atLeast = (severity: Severity, minimum: Severity) => ORDER.indexOf(severity) >= ORDER.indexOf(minimum);

/** A MANUAL run adapts whatever the drift (the caller asked for it); the others only on drift. */
export const shouldAdapt = (trigger: Trigger, severity: Severity) => trigger === 'MANUAL' || severity !== 'NONE';

/** Full retraining on a recent window for HIGH drift (the old weights are a poor start); fine-tuning otherwise. */
export const strategyFor = (severity: Severity): Strategy => (severity === 'HIGH' ? 'FULL_RETRAIN' : 'INCREMENTAL');

/** One version's metrics in a feedback batch, as the processFeedbackBatch step reads them. */
export type BatchVersionMetrics = ProcessFeedbackBatchMutation['processFeedbackBatch']['byVersion'][number];

/** The performance point a batch becomes: the metrics of the version most of its items were served by. */
export interface BatchPerformance {
  version: string;
  /** The batch's id: recording the point again for the same batch is a repeat (monitoring's idempotency key). */
  idempotencyKey: string;
  items: number;
  mae?: number;
  bias?: number;
  coverage80?: number;
  coverage95?: number;
  mase?: number;
  auc?: number;
  brier?: number;
}

/**
 * The point to record for batch `batchId`: the version with the most items (the newest name on a
 * tie, the one just switched to), its non-null metrics; null for an empty batch.
 */
export function batchPerformance(batchId: string, byVersion: readonly BatchVersionMetrics[]): BatchPerformance | null {
  const main = [...byVersion].sort((a, b) => b.count - a.count || b.version.localeCompare(a.version, undefined, { numeric: true }))[0];
  if (!main || main.count === 0) return null;
  const { version, count, ...metrics } = main;
  const present = Object.fromEntries(Object.entries(metrics).filter(([, value]) => value !== null && Number.isFinite(value)));
  return { version, idempotencyKey: `adaptation:${batchId}`, items: count, ...present };
}

/** The error the learning-rate schedule watches: the batch's headline metric (MAE, else MASE, else Brier), else the detectors' window mean. */
export function performanceOf(point: BatchPerformance | null, windowMeanError: number | null): number | null {
  return point?.mae ?? point?.mase ?? point?.brier ?? windowMeanError ?? null;
}
