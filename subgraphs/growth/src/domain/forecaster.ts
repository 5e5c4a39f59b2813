import type { GrowthHistory, GrowthPoint } from '@telepulse/models/growth/series';

/** What the domain reads of one forecast (the growth pipeline's GrowthEstimate has this shape). */
export interface ForecastEstimate {
  /** `days` points, on the days after `lastDate`. */
  readonly points: readonly GrowthPoint[];
  /** The seasonal-naive path on the same days. */
  readonly baseline: readonly { date: string; value: number }[];
  /** Days of history the model read. */
  readonly historyUsed: number;
  readonly lastDate: string;
  readonly lastCount: number;
  /** The exact model input and its shape (without the batch axis). */
  readonly input: Float32Array;
  readonly inputShape: readonly [number, number];
}

/**
 * The growth model as the domain needs it (GrowthPipeline implements it). `forecast` throws
 * GrowthHistoryTooShortError when the history is too short, RangeError for days outside
 * 1..GROWTH_HORIZON.
 */
export interface GrowthForecaster {
  readonly name: string;
  readonly version: string;
  forecast(history: GrowthHistory, days: number): Promise<ForecastEstimate>;
}
