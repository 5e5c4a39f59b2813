import type { Collection, Db } from 'mongodb';
import { dropIndexesIfPresent, lazyIndexes } from '@telepulse/platform/mongo';
import { RecordStore } from '@telepulse/platform/record-store';
import type { EngagementPredictionRecord } from '../domain/prediction.js';
import { predictionCodec, type PredictionDoc } from './prediction-doc.js';

export type { PredictionDoc } from './prediction-doc.js';

/**
 * `engagement_predictions`: every served prediction, with its exact model input (stored as bytes:
 * input-bytes-codec.ts); each written once, read by `_id` and newest first by `createdAt`
 * (RecordStore and its one index).
 */
export class PredictionStore {
  private readonly records: RecordStore<EngagementPredictionRecord, PredictionDoc>;
  /** Drops the indexes of earlier versions, which no query used and every insert paid for. */
  private readonly ensureIndexes: () => Promise<void>;

  constructor(db: Db) {
    this.records = new RecordStore(db.collection<PredictionDoc>('engagement_predictions'), { label: 'predictions' }, predictionCodec);
    this.ensureIndexes = lazyIndexes(() => dropIndexesIfPresent(this.predictions, ['channel_recent', 'model_recent']));
  }

  get predictions(): Collection<PredictionDoc> {
    return this.records.collection;
  }

  /**
   * Stores served predictions in one write, returning them as stored (a prediction asked before,
   * or by a concurrent request, keeps its first record); nothing once the request's `signal` has
   * aborted (DEADLINE_EXCEEDED, CANCELLED).
   */
  async recordPredictions(records: readonly EngagementPredictionRecord[], signal: AbortSignal): Promise<EngagementPredictionRecord[]> {
    if (records.length === 0) return [];
    await this.ensureIndexes();
    return this.records.record(records, signal);
  }

  /** Predictions by id in one query; missing ids have no entry. */
  findByIds(ids: readonly string[]): Promise<Map<string, EngagementPredictionRecord>> {
    return this.records.findByIds(ids);
  }

  /** Predictions created at or after `since`, newest first, at most `limit`: one query on the createdAt index. */
  findRecent(since: Date, limit: number): Promise<EngagementPredictionRecord[]> {
    return this.records.findRecent(since, limit);
  }
}
