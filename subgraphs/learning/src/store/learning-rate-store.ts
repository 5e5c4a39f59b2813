/**
 * Each model's adaptive learning rate (`learning_rates`, one document per model). An observation
 * is read, stepped (domain/learning-rate.ts) and written under the model's document lock, the
 * write filtered on the revision it read as a fence: two observations at once are applied one
 * after the other, never one lost (FerretDB 1.24 has no atomic read-modify-write).
 */
import type { Collection, Db } from 'mongodb';
import { withDocumentLock, type LockDoc } from '@telepulse/platform/document-lock';
import { UnavailableError } from '@telepulse/platform';
import { adaptLearningRate, initialLearningRate, type DriftSeverity, type LearningRateConfig, type LearningRateState } from '../domain/learning-rate.js';

type RateDoc = Omit<LearningRateState, 'modelId'> & { _id: string };

export class LearningRateStore {
  private readonly rates: Collection<RateDoc>;
  private readonly locks: Collection<LockDoc>;

  constructor(
    db: Db,
    private readonly config: LearningRateConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.rates = db.collection<RateDoc>('learning_rates');
    this.locks = db.collection<LockDoc>('learning_locks');
  }

  /** Each model's state; a model never observed has its initial state (not stored). */
  async statesOf(modelIds: readonly string[]): Promise<Map<string, LearningRateState>> {
    const docs = await this.rates.find(modelIds.length === 1 ? { _id: modelIds[0]! } : { _id: { $in: [...modelIds] } }).toArray();
    const found = new Map(docs.map((doc) => [doc._id, fromDoc(doc)]));
    return new Map(modelIds.map((id) => [id, found.get(id) ?? initialLearningRate(id, this.config)]));
  }

  /** The rate the next learning job of `modelId` uses. */
  async rateOf(modelId: string): Promise<number> {
    return (await this.statesOf([modelId])).get(modelId)!.rate;
  }

  /** Applies one observation and stores the result; a retried identical observation writes nothing (see domain/learning-rate.ts). */
  async observe(modelId: string, performance: number, drift: DriftSeverity | null): Promise<LearningRateState> {
    return withDocumentLock(this.locks, `rate:${modelId}`, async () => {
      const state = (await this.statesOf([modelId])).get(modelId)!;
      const next = adaptLearningRate(state, performance, drift, this.clock(), this.config);
      if (next === state) return state;
      const { modelId: _m, ...fields } = next;
      const written = await this.rates.updateOne({ _id: modelId, revision: state.revision }, { $set: fields }, { upsert: state.revision === 0 });
      if (written.matchedCount === 0 && written.upsertedCount === 0) {
        throw new UnavailableError(`learning rate of ${modelId}`, `changed by another writer while its lock was held (revision ${state.revision}); try again`);
      }
      return next;
    });
  }
}

function fromDoc({ _id, ...rest }: RateDoc): LearningRateState {
  return { modelId: _id, ...rest };
}
