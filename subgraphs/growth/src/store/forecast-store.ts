import type { Collection, Db } from 'mongodb';
import { byIds, writeById } from '@telepulse/platform/mongo';
import type { GrowthForecastRecord } from '../domain/forecast.js';

export type ForecastDoc = Omit<GrowthForecastRecord, 'id'> & { _id: string };

/**
 * `growth_forecasts`: every served forecast, with its exact model input. Written by insert and
 * read by `_id` only, so it needs no index but `_id`'s.
 */
export class ForecastStore {
  readonly forecasts: Collection<ForecastDoc>;

  constructor(db: Db) {
    this.forecasts = db.collection('growth_forecasts');
  }

  /**
   * Stores served forecasts in one write, keyed by their derived ids, and returns them as
   * stored: a forecast already there (asked before, or by a concurrent request) keeps its first
   * record and is not written again (no field is ever updated). Insert-first: a first ask is one
   * write, a repeat one failed insert and one read. Nothing is written once `signal` has aborted.
   */
  async recordForecasts(records: readonly GrowthForecastRecord[], signal: AbortSignal): Promise<GrowthForecastRecord[]> {
    const unique = [...new Map(records.map((r) => [r.id, toDoc(r)])).values()];
    const { found } = await writeById(this.forecasts, unique, [], { signal });
    return records.map((r) => {
      const stored = found.get(r.id);
      return stored ? fromDoc(stored) : r;
    });
  }

  /** Forecasts by id in one query; missing ids have no entry. */
  async findByIds(ids: readonly string[]): Promise<Map<string, GrowthForecastRecord>> {
    const docs = await this.forecasts.find(byIds(ids)).toArray();
    return new Map(docs.map((doc) => [doc._id, fromDoc(doc)]));
  }
}

function toDoc({ id, ...rest }: GrowthForecastRecord): ForecastDoc {
  return { _id: id, ...rest };
}

function fromDoc({ _id, ...rest }: ForecastDoc): GrowthForecastRecord {
  return { id: _id, ...rest };
}
