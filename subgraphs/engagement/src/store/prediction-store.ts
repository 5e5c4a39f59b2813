import type { Collection, Db } from 'mongodb';
import { byIds, lazyIndexes } from '@telepulse/platform/mongo';
import type { EngagementPredictionRecord } from '../domain/prediction.js';

export type PredictionDoc = Omit<EngagementPredictionRecord, 'id'> & { _id: string };

/** `engagement_predictions`: every served prediction, with its exact model input. */
export class PredictionStore {
  readonly predictions: Collection<PredictionDoc>;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(db: Db) {
    this.predictions = db.collection('engagement_predictions');
    this.ensureIndexes = lazyIndexes(() =>
      Promise.all([
        this.predictions.createIndex({ channelId: 1, createdAt: -1 }, { name: 'channel_recent' }),
        this.predictions.createIndex({ modelVersion: 1, createdAt: -1 }, { name: 'model_recent' }),
      ]),
    );
  }

  /** Stores served predictions in one write. */
  async insertMany(records: readonly EngagementPredictionRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureIndexes();
    await this.predictions.insertMany(records.map(({ id, ...rest }) => ({ _id: id, ...rest })), { ordered: false });
  }

  /** Predictions by id in one query; missing ids have no entry. */
  async findByIds(ids: readonly string[]): Promise<Map<string, EngagementPredictionRecord>> {
    const docs = await this.predictions.find(byIds(ids)).toArray();
    return new Map(docs.map(({ _id, ...rest }) => [_id, { id: _id, ...rest }]));
  }
}
