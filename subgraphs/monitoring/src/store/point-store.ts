import type { Collection, Db, Document } from 'mongodb';
import { lazyIndexes, writeById } from '@telepulse/platform/mongo';
import { bucketStarts, type TrendBucket } from '../domain/buckets.js';
import type { MetricName, Metrics } from '../domain/metrics.js';
import type { PerformancePoint, PerformanceSource } from '../domain/performance-point.js';
import { POINT_SAMPLE, type BucketMetricSum } from '../domain/trend.js';

/**
 * `performance_points`: one document per point, never updated; bounded by retention (a TTL index
 * on `at` where the server honours it, `purgeOlderThan` on a timer where it does not).
 *
 * Trends are grouped by MongoDB from fields stored with each point: `samples` holds one entry per
 * metric (plus one `points` entry of value 1), each with the start of every bucket length that
 * holds the point. A trend is `$match` (model, time) → `$unwind: samples` → `$group` by (bucket
 * start, metric), with one accumulator per pipeline. Every stage is implemented by FerretDB 1.24
 * and by MongoDB since 3.x; the shape works around three FerretDB 1.24 gaps, each checked:
 * no date arithmetic ($dateTrunc, $subtract, $mod, $floor, $toLong: "not implemented"), a
 * `$group` computes only its first accumulator (the others come back 0), and `$unwind` keeps only
 * `_id` and the unwound field. So sums and counts are two aggregations, and the bucket starts
 * travel inside each sample.
 */

export interface PointSample extends Record<TrendBucket, Date> {
  metric: string;
  value: number;
}

export interface PointDoc {
  _id: string;
  modelId: string;
  version: string | null;
  at: Date;
  source: PerformanceSource;
  metrics: Metrics;
  samples: PointSample[];
}

/** How retention is enforced on this server. */
export type RetentionMode = 'ttl-index' | 'cleanup';

/** MongoDB's NotImplemented: what FerretDB 1.24 answers to `expireAfterSeconds`. */
const NOT_IMPLEMENTED = 238;
/** IndexOptionsConflict: a TTL index exists with another expireAfterSeconds. */
const INDEX_OPTIONS_CONFLICT = 85;

export const TTL_INDEX = 'at_ttl';
export const CLEANUP_INDEX = 'at_cleanup';

export class PointStore {
  readonly points: Collection<PointDoc>;
  private mode: RetentionMode | undefined;
  readonly ensureIndexes: () => Promise<void>;

  constructor(
    db: Db,
    /** How long points are kept. */
    readonly retentionMs: number,
  ) {
    this.points = db.collection<PointDoc>('performance_points');
    this.ensureIndexes = lazyIndexes(async () => {
      await this.points.createIndex({ modelId: 1, at: -1 }, { name: 'model_at' });
      this.mode = await this.createRetentionIndex();
    });
  }

  /** How retention is enforced: known once the indexes exist. */
  async retentionMode(): Promise<RetentionMode> {
    await this.ensureIndexes();
    return this.mode!;
  }

  private async createRetentionIndex(): Promise<RetentionMode> {
    const expireAfterSeconds = Math.max(1, Math.round(this.retentionMs / 1000));
    try {
      await this.points.createIndex({ at: 1 }, { name: TTL_INDEX, expireAfterSeconds });
      return 'ttl-index';
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === INDEX_OPTIONS_CONFLICT) {
        // The retention changed: MongoDB changes a TTL index's expiry in place.
        await this.points.db.command({ collMod: this.points.collectionName, index: { name: TTL_INDEX, expireAfterSeconds } });
        return 'ttl-index';
      }
      if (code !== NOT_IMPLEMENTED) throw error;
    }
    await this.points.createIndex({ at: 1 }, { name: CLEANUP_INDEX });
    return 'cleanup';
  }

  /** Stores points in one write and returns them as stored: one recorded before keeps its first content. Nothing once `signal` has aborted. */
  async record(points: readonly PerformancePoint[], signal: AbortSignal): Promise<PerformancePoint[]> {
    await this.ensureIndexes();
    const docs = [...new Map(points.map((p) => [p.id, toDoc(p)])).values()];
    const { found } = await writeById(this.points, docs, [], { signal, label: 'performance_points' });
    return points.map((p) => {
      const stored = found.get(p.id);
      return stored ? fromDoc(stored) : p;
    });
  }

  /**
   * The aggregation behind a trend: the model's samples from `from` on, grouped by (bucket start,
   * metric), with the one accumulator given (FerretDB 1.24 computes only a `$group`'s first).
   */
  trendPipeline(modelId: string, from: Date, bucket: TrendBucket, accumulator: { $sum: string | number }): Document[] {
    return [
      { $match: { modelId, at: { $gte: from } } },
      { $unwind: '$samples' },
      { $group: { _id: { start: `$samples.${bucket}`, metric: '$samples.metric' }, v: accumulator } },
    ];
  }

  /** Per bucket (of length `bucket`, from `from` on) and metric, the sum and count of the model's values; `points` counts points. */
  async bucketSums(modelId: string, from: Date, bucket: TrendBucket): Promise<BucketMetricSum[]> {
    await this.ensureIndexes();
    const grouped = (accumulator: { $sum: string | number }) =>
      this.points.aggregate<{ _id: { start: Date; metric: string }; v: number }>(this.trendPipeline(modelId, from, bucket, accumulator)).toArray();
    const [sums, counts] = await Promise.all([grouped({ $sum: '$samples.value' }), grouped({ $sum: 1 })]);
    const key = (g: { _id: { start: Date; metric: string } }) => `${new Date(g._id.start).getTime()} ${g._id.metric}`;
    const countOf = new Map(counts.map((g) => [key(g), g.v]));
    return sums.map((g) => ({ start: new Date(g._id.start), metric: g._id.metric, sum: g.v, count: countOf.get(key(g)) ?? 0 }));
  }

  /** The model's latest points, newest first. */
  async latest(modelId: string, limit: number): Promise<PerformancePoint[]> {
    await this.ensureIndexes();
    const docs = await this.points.find({ modelId }, { projection: { samples: 0 } }).sort({ at: -1, _id: 1 }).limit(limit).toArray();
    return docs.map(fromDoc);
  }

  /** The sum of the model's `items` over the points at or after `since`. */
  async itemsSince(modelId: string, since: Date): Promise<number> {
    await this.ensureIndexes();
    const [total] = await this.points
      .aggregate<{ items: number }>([{ $match: { modelId, at: { $gte: since } } }, { $group: { _id: null, items: { $sum: '$metrics.items' } } }])
      .toArray();
    return total?.items ?? 0;
  }

  /** Deletes the points older than `cutoff` (the TTL index's rule, run where the server has none); resolves to how many. */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    await this.ensureIndexes();
    const { deletedCount } = await this.points.deleteMany({ at: { $lt: cutoff } });
    return deletedCount;
  }
}

function toDoc(point: PerformancePoint): PointDoc {
  const starts = bucketStarts(point.at);
  const sample = (metric: string, value: number): PointSample => ({ metric, value, ...starts });
  const samples = [sample(POINT_SAMPLE, 1), ...Object.entries(point.metrics).map(([metric, value]) => sample(metric, value))];
  const { id, ...rest } = point;
  return { _id: id, ...rest, samples };
}

function fromDoc(doc: PointDoc | Omit<PointDoc, 'samples'>): PerformancePoint {
  const metrics: Metrics = {};
  for (const [name, value] of Object.entries(doc.metrics)) metrics[name as MetricName] = value;
  return { id: doc._id, modelId: doc.modelId, version: doc.version, at: doc.at, source: doc.source, metrics };
}
