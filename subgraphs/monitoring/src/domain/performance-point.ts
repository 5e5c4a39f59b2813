import { createHash } from 'node:crypto';
import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import { InvalidInputError } from '@telepulse/platform/errors';
import { IssueCollector } from '@telepulse/platform/validation';
import { checkMetrics, presentMetrics, type MetricName, type Metrics } from './metrics.js';

/**
 * A performance point: one model's metrics at one time, from one source, and how its id is
 * derived so that recording it again (a retried call, a poller catching up) finds it instead of
 * adding a second.
 */

export type PerformanceSource = 'MANUAL' | 'SERVING' | 'FEEDBACK';

export interface PerformancePoint {
  id: string;
  modelId: string;
  /** The model version measured; null when unknown. */
  version: string | null;
  at: Date;
  source: PerformanceSource;
  metrics: Metrics;
}

/** A 128-bit id from the parts that identify a point. */
export function pointId(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** A point's id from its content: the same model, source, time, version and metrics give the same id. */
export function contentPointId(point: Omit<PerformancePoint, 'id'>): string {
  return pointId([point.modelId, point.source, point.at.toISOString(), point.version, Object.entries(point.metrics)]);
}

/** recordPerformance's input, as GraphQL hands it over. */
export type PerformanceInput = Partial<Record<MetricName, number | null>> & {
  at?: Date | null;
  version?: string | null;
  idempotencyKey?: string | null;
};

/** How far ahead of the server's clock a point may be dated (clock skew). */
export const MAX_FUTURE_MS = 5 * 60_000;
const MAX_TEXT = 128;

/**
 * The point recordPerformance stores for `input`, or BAD_USER_INPUT naming every broken field:
 * `modelId` when it is not in the catalog (`model` undefined), `metrics.<name>` for a metric out of
 * its range, `metrics` without any, `metrics.at` outside [now − retention, now + 5 min].
 */
export function manualPoint(modelId: string, model: CatalogModel | undefined, input: PerformanceInput, now: Date, retentionMs: number): PerformancePoint {
  const issues = new IssueCollector();
  if (!model) issues.add('modelId', modelId, 'is not a model of the catalog (Query.models lists them)');
  const metrics = presentMetrics(input);
  checkMetrics(metrics, issues, 'metrics');
  const at = input.at ?? now;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) issues.add('metrics.at', at, 'must be a valid date');
  else if (at.getTime() > now.getTime() + MAX_FUTURE_MS) issues.add('metrics.at', at, 'is more than 5 minutes in the future');
  else if (at.getTime() < now.getTime() - retentionMs) issues.add('metrics.at', at, `is older than the retention (${Math.round(retentionMs / 86_400_000)} days): it would be deleted at once`);
  const version = input.version ?? null;
  if (version !== null && (version.length === 0 || version.length > MAX_TEXT)) issues.add('metrics.version', version, `must be 1 to ${MAX_TEXT} characters`);
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > MAX_TEXT)) issues.add('metrics.idempotencyKey', key, `must be 1 to ${MAX_TEXT} characters`);
  if (!issues.ok) throw new InvalidInputError(issues.issues);
  const point = { modelId, version, at, source: 'MANUAL' as const, metrics };
  return { id: key === null ? contentPointId(point) : pointId([modelId, 'key', key]), ...point };
}
