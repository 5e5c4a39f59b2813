import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, storable } from '@telepulse/platform/mongo';
import type { Thresholds } from '../domain/alert-rules.js';

/** `alert_thresholds`: an admin's thresholds for a model, one document per model (`_id` the model id); absent: the catalog's. */
interface ThresholdDoc extends Thresholds {
  _id: string;
  updatedAt: Date;
}

export class ThresholdStore {
  readonly thresholds: Collection<ThresholdDoc>;

  constructor(db: Db) {
    this.thresholds = db.collection<ThresholdDoc>('alert_thresholds');
  }

  /** The overrides of these models, by id; a model without any has no entry. */
  async findByModels(modelIds: readonly string[]): Promise<Map<string, Thresholds>> {
    const docs = await this.thresholds.find({ _id: { $in: [...modelIds] } }).toArray();
    return new Map(docs.map(({ _id, errorAbove, latencyP99AboveMs, risingBuckets }) => [_id, { errorAbove, latencyP99AboveMs, risingBuckets }]));
  }

  /** Replaces the model's overrides with `thresholds` (the last writer wins: each write is a whole set). */
  async save(modelId: string, thresholds: Thresholds, now: Date): Promise<void> {
    const doc = storable({ ...thresholds, updatedAt: now }, 'thresholds');
    try {
      await this.thresholds.replaceOne({ _id: modelId }, doc, { upsert: true });
    } catch (error) {
      // Two first saves racing: both upserts insert, one fails on `_id`; it then replaces the other's.
      if (!isDuplicateKey(error)) throw error;
      await this.thresholds.replaceOne({ _id: modelId }, doc);
    }
  }

  /** Back to the catalog's thresholds. */
  async reset(modelId: string): Promise<void> {
    await this.thresholds.deleteOne({ _id: modelId });
  }
}
