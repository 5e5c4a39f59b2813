import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { byIds, dropIndexesIfPresent, isDuplicateKey, lazyIndexes, storable } from '@telepulse/platform/mongo';
import { assertLive } from '@telepulse/platform/request-deadline';
import type { EngagementPredictionRecord } from '../domain/prediction.js';

export type PredictionDoc = Omit<EngagementPredictionRecord, 'id'> & { _id: string };

/**
 * `engagement_predictions`: every served prediction, with its exact model input. Written by
 * insert and read by `_id` only, so it needs no index but `_id`'s.
 */
export class PredictionStore {
  readonly predictions: Collection<PredictionDoc>;
  /** Drops the indexes of earlier versions, which no query used and every insert paid for. */
  private readonly ensureIndexes: () => Promise<void>;

  constructor(db: Db) {
    this.predictions = db.collection('engagement_predictions');
    this.ensureIndexes = lazyIndexes(() => dropIndexesIfPresent(this.predictions, ['channel_recent', 'model_recent']));
  }

  /**
   * Stores served predictions in one write, keyed by their derived ids, and returns them as
   * stored: a prediction already there (asked before, or by a concurrent request) keeps its
   * first record and is not written again. Insert-first, so a repeat costs one failed insert
   * and one read of the repeats, and a first ask costs one write. Nothing is written once the
   * request's `signal` has aborted (DEADLINE_EXCEEDED, CANCELLED).
   */
  async recordPredictions(records: readonly EngagementPredictionRecord[], signal: AbortSignal): Promise<EngagementPredictionRecord[]> {
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    if (unique.length === 0) return [];
    await this.ensureIndexes();
    let repeated: string[] = [];
    assertLive(signal);
    try {
      await this.predictions.insertMany(storable(unique.map(({ id, ...rest }) => ({ _id: id, ...rest })), 'predictions'), { ordered: false });
    } catch (error) {
      const failures = error instanceof MongoBulkWriteError && error.writeErrors !== undefined ? [error.writeErrors].flat() : [];
      if (failures.length === 0 || !failures.every(isDuplicateKey)) throw error;
      repeated = failures.map((f) => unique[f.index]!.id);
    }
    const stored = repeated.length > 0 ? await this.findByIds(repeated) : new Map<string, EngagementPredictionRecord>();
    return records.map((r) => stored.get(r.id) ?? r);
  }

  /** Predictions by id in one query; missing ids have no entry. */
  async findByIds(ids: readonly string[]): Promise<Map<string, EngagementPredictionRecord>> {
    const docs = await this.predictions.find(byIds(ids)).toArray();
    return new Map(docs.map(({ _id, ...rest }) => [_id, { id: _id, ...rest }]));
  }
}
