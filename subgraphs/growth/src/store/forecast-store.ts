import type { Collection, Db } from 'mongodb';
import { inputBytesCodec, type InputBytesDoc } from '@telepulse/platform/input-bytes-codec';
import { RecordStore } from '@telepulse/platform/record-store';
import type { GrowthForecastRecord } from '../domain/forecast.js';

export type ForecastDoc = InputBytesDoc<GrowthForecastRecord>;

/**
 * `growth_forecasts`: every served forecast, with its exact model input (stored as float bytes:
 * input-bytes-codec.ts; documents written with an array read as they are); each written once
 * (RecordStore).
 */
export class ForecastStore {
  private readonly records: RecordStore<GrowthForecastRecord, ForecastDoc>;

  constructor(db: Db) {
    this.records = new RecordStore(db.collection<ForecastDoc>('growth_forecasts'), {}, inputBytesCodec<GrowthForecastRecord>('forecast'));
  }

  get forecasts(): Collection<ForecastDoc> {
    return this.records.collection;
  }

  /** Stores served forecasts in one write, returning them as stored (a forecast asked before keeps its first record); nothing once `signal` has aborted. */
  recordForecasts(records: readonly GrowthForecastRecord[], signal: AbortSignal): Promise<GrowthForecastRecord[]> {
    return this.records.record(records, signal);
  }

  /** Forecasts by id in one query; missing ids have no entry. */
  findByIds(ids: readonly string[]): Promise<Map<string, GrowthForecastRecord>> {
    return this.records.findByIds(ids);
  }

  /** Forecasts created at or after `since`, newest first, at most `limit`: one query on the createdAt index. */
  findRecent(since: Date, limit: number): Promise<GrowthForecastRecord[]> {
    return this.records.findRecent(since, limit);
  }
}
