/**
 * Pre- and post-processing of one growth forecast: the one path from a channel's daily history
 * to forecast points, shared by serving (pipeline.ts), evaluation (offline-model.ts) and the
 * trainer's own reports, so none of them can drift from the others.
 */
import { buildGrowthInput, GROWTH_FEATURES, type GrowthInput } from './features.js';
import { addDays, GROWTH_HORIZON, GROWTH_QUANTILES, GROWTH_WINDOW, seasonalNaiveGains, type GrowthHistory, type GrowthPoint } from './series.js';

/** A forecast, with what it was made from. */
export interface GrowthEstimate {
  /** `days` points, for the days after the last count. */
  points: GrowthPoint[];
  /** The seasonal-naive-on-daily-gains path (series.ts seasonalNaiveGains), same dates. */
  baseline: { date: string; value: number }[];
  /** Days of history read (filled days included), at most GROWTH_WINDOW. */
  historyUsed: number;
  /** The forecast origin: the day of the last count, and that count. */
  lastDate: string;
  lastCount: number;
  /** The exact model input, row-major, and its shape [days, features]. */
  input: Float32Array;
  inputShape: [number, number];
}

/** `days` is not a whole number of days the model forecasts. */
export class GrowthDaysError extends RangeError {
  override readonly name = 'GrowthDaysError';
  readonly code = 'INVALID_FORECAST_DAYS';
}

/** The pre-processed request: the model input and what the forecast is relative to. */
export interface PreparedGrowthInput extends GrowthInput {
  /** Days asked for. */
  days: number;
}

/** Throws GrowthDaysError unless `days` is an integer in 1..horizon. */
export function checkForecastDays(days: number, horizon = GROWTH_HORIZON): void {
  if (!Number.isInteger(days) || days < 1 || days > horizon) throw new GrowthDaysError(`days must be a whole number from 1 to ${horizon}, got ${String(days)}`);
}

/**
 * The model input for a forecast of `days` days from `history`. Throws GrowthDaysError for bad
 * `days`, GrowthHistoryTooShortError for fewer than GROWTH_MIN_DAYS days, GrowthHistoryError for
 * an unreadable history.
 */
export function prepareGrowthInput(history: GrowthHistory, days: number, window = GROWTH_WINDOW, horizon = GROWTH_HORIZON): PreparedGrowthInput {
  checkForecastDays(days, horizon);
  return { days, ...buildGrowthInput(history, window) };
}

/**
 * The forecast from the network's output for one input: `quantiles` is `[horizon, 5]` row-major,
 * the GROWTH_QUANTILES of ln(count / last count) per day; a count is the last count × e^q.
 */
export function finishGrowthEstimate(prepared: PreparedGrowthInput, quantiles: ArrayLike<number>): GrowthEstimate {
  const { days, lastDate, lastCount, filledCounts, input, historyUsed } = prepared;
  const q = GROWTH_QUANTILES.length;
  if (quantiles.length < days * q) throw new RangeError(`the model gave ${quantiles.length / q} forecast days, ${days} were asked for`);
  const at = (d: number, k: number) => lastCount * Math.exp(quantiles[d * q + k]!);
  const points = Array.from({ length: days }, (_, d) => ({
    date: addDays(lastDate, d + 1),
    lower95: at(d, 0),
    lower80: at(d, 1),
    value: at(d, 2),
    upper80: at(d, 3),
    upper95: at(d, 4),
  }));
  const baseline = seasonalNaiveGains(filledCounts, days).map((value, d) => ({ date: addDays(lastDate, d + 1), value }));
  return { points, baseline, historyUsed, lastDate, lastCount, input, inputShape: [input.length / GROWTH_FEATURES, GROWTH_FEATURES] };
}
