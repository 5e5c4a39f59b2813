import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import { InvalidInputError } from '@telepulse/platform/errors';
import { alertChanges, evaluateRules, type ModelSignals, type PerformanceAlertRecord, type Thresholds, type ThresholdsInForce } from './alert-rules.js';
import { trendFrom, type TrendBucket } from './buckets.js';
import { currentMetrics, latestValues, LATEST_POINTS, type Dashboard } from './dashboard.js';
import { errorMetricOf } from './metrics.js';
import { manualPoint, type PerformanceInput, type PerformancePoint } from './performance-point.js';
import { applyThresholdInput, type ThresholdInput } from './threshold-input.js';
import { summarizeBuckets, type BucketMetricSum, type TrendBucketSummary } from './trend.js';

/**
 * Monitoring's use cases over its stores, given as interfaces: record points and evaluate the
 * model's alerts after them, read trends and dashboards, change thresholds. Knows nothing of
 * GraphQL or MongoDB.
 */

export interface PointReads {
  record(points: readonly PerformancePoint[], signal: AbortSignal): Promise<PerformancePoint[]>;
  bucketSums(modelId: string, from: Date, bucket: TrendBucket): Promise<BucketMetricSum[]>;
  latest(modelId: string, limit: number): Promise<PerformancePoint[]>;
  itemsSince(modelId: string, since: Date): Promise<number>;
}

export interface AlertWrites {
  openAlerts(modelId: string): Promise<PerformanceAlertRecord[]>;
  open(alert: PerformanceAlertRecord): Promise<boolean>;
  resolve(alert: PerformanceAlertRecord, at: Date): Promise<void>;
  list(modelId: string, includeResolved: boolean): Promise<PerformanceAlertRecord[]>;
}

export interface ThresholdWrites {
  findByModels(modelIds: readonly string[]): Promise<Map<string, Thresholds>>;
  save(modelId: string, thresholds: Thresholds, now: Date): Promise<void>;
  reset(modelId: string): Promise<void>;
}

export interface MonitorDeps {
  points: PointReads;
  alerts: AlertWrites;
  thresholds: ThresholdWrites;
  /** The catalog entry of a model id. */
  model: (id: string) => CatalogModel | undefined;
  now: () => Date;
  retentionMs: number;
}

const HOUR_MS = 3_600_000;

/** The hours ERROR_RISING looks back over: room for twice the buckets it needs, and two days at least. */
const risingWindowHours = (risingBuckets: number) => Math.max(48, 2 * (risingBuckets + 1));

export class Monitor {
  constructor(private readonly deps: MonitorDeps) {}

  get maxTrendHours(): number {
    return Math.floor(this.deps.retentionMs / HOUR_MS);
  }

  /** The catalog's thresholds for `model`, with an admin's override. */
  static inForce(model: CatalogModel, override: Thresholds | undefined): ThresholdsInForce {
    return override ? { ...override, overridden: true } : { ...model.alerts, overridden: false };
  }

  async thresholds(model: CatalogModel): Promise<ThresholdsInForce> {
    const overrides = await this.deps.thresholds.findByModels([model.id]);
    return Monitor.inForce(model, overrides.get(model.id));
  }

  /** Validates and stores recordPerformance's point (BAD_USER_INPUT naming the field), then evaluates the model's alerts. */
  async recordManual(modelId: string, input: PerformanceInput, signal: AbortSignal): Promise<PerformancePoint> {
    const point = manualPoint(modelId, this.deps.model(modelId), input, this.deps.now(), this.deps.retentionMs);
    const [stored] = await this.record([point], signal);
    return stored!;
  }

  /** Stores points (idempotent by id), then evaluates the alerts of each model they are about. */
  async record(points: readonly PerformancePoint[], signal: AbortSignal): Promise<PerformancePoint[]> {
    const stored = await this.deps.points.record(points, signal);
    for (const modelId of new Set(points.map((p) => p.modelId))) {
      const model = this.deps.model(modelId);
      if (model) await this.evaluateAlerts(model);
    }
    return stored;
  }

  /** Opens the alerts whose rule fires for the model's latest points and resolves the open ones whose rule no longer does. */
  async evaluateAlerts(model: CatalogModel): Promise<void> {
    const thresholds = await this.thresholds(model);
    const errorMetric = errorMetricOf(model.outcome);
    const now = this.deps.now();
    const [latest, trend, open] = await Promise.all([
      this.deps.points.latest(model.id, LATEST_POINTS),
      this.trend(model, Math.min(this.maxTrendHours, risingWindowHours(thresholds.risingBuckets)), 'HOUR'),
      this.deps.alerts.openAlerts(model.id),
    ]);
    const values = latestValues(latest);
    const observation = (name: 'latencyP99Ms' | NonNullable<typeof errorMetric>) => {
      const found = values.get(name);
      return found ? { value: found.value, version: found.point.version, at: found.point.at } : null;
    };
    const signals: ModelSignals = {
      latestError: errorMetric ? observation(errorMetric) : null,
      latestLatencyP99: observation('latencyP99Ms'),
      hourlyErrors: trend.flatMap((b) => (b.error === null ? [] : [b.error])),
    };
    const changes = alertChanges(model.id, evaluateRules(thresholds, signals, errorMetric), open, now);
    for (const alert of changes.resolve) await this.deps.alerts.resolve(alert, now);
    for (const alert of changes.open) await this.deps.alerts.open(alert);
  }

  /** The model's trend over the last `hours` (BAD_USER_INPUT naming `hours` out of range). */
  async trend(model: CatalogModel, hours: number, bucket: TrendBucket): Promise<TrendBucketSummary[]> {
    const from = trendFrom(this.deps.now(), hours, bucket, this.maxTrendHours);
    return summarizeBuckets(await this.deps.points.bucketSums(model.id, from, bucket), bucket, errorMetricOf(model.outcome));
  }

  alerts(model: CatalogModel, includeResolved: boolean): Promise<PerformanceAlertRecord[]> {
    return this.deps.alerts.list(model.id, includeResolved);
  }

  /** Changes a model's thresholds (BAD_USER_INPUT naming `modelId` or the field), then evaluates its alerts under them. */
  async setThresholds(modelId: string, input: ThresholdInput): Promise<ThresholdsInForce> {
    const model = this.deps.model(modelId);
    if (!model) throw new InvalidInputError([{ field: 'modelId', value: modelId, message: 'is not a model of the catalog (Query.models lists them)' }]);
    const next = applyThresholdInput(await this.thresholds(model), input);
    if (next === 'reset') await this.deps.thresholds.reset(model.id);
    else await this.deps.thresholds.save(model.id, next, this.deps.now());
    await this.evaluateAlerts(model);
    return this.thresholds(model);
  }

  async dashboard(model: CatalogModel): Promise<Dashboard> {
    const now = this.deps.now().getTime();
    const [latest, trend, openAlerts, itemsLastHour, itemsLast24Hours] = await Promise.all([
      this.deps.points.latest(model.id, LATEST_POINTS),
      this.trend(model, Math.min(24, this.maxTrendHours), 'HOUR'),
      this.deps.alerts.openAlerts(model.id),
      this.deps.points.itemsSince(model.id, new Date(now - HOUR_MS)),
      this.deps.points.itemsSince(model.id, new Date(now - 24 * HOUR_MS)),
    ]);
    return { model, current: currentMetrics(latest), lastRecordedAt: latest[0]?.at ?? null, trend, openAlerts, itemsLastHour, itemsLast24Hours };
  }
}
