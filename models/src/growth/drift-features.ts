/**
 * The growth model's input summarised as a few named numbers, for data drift: computed from the
 * exact model input (features.ts buildGrowthInput), so a served forecast (which stores its input)
 * and a training example give them the same way, and the training inputs' statistics (metadata
 * `reference`) describe exactly what serving reports.
 */
import { GAIN_SCALE, GROWTH_COLUMNS, GROWTH_FEATURES, type GrowthColumn } from './features.js';
import { GROWTH_WINDOW } from './series.js';

export const GROWTH_DRIFT_FEATURES = [
  /** The mean daily log gain, ln(c_t / c_{t-1}), over the days read (each clipped as the model reads it, ±0.1). */
  'meanDailyLogGain',
  /** Their standard deviation. */
  'stdDailyLogGain',
  /** ln(1 + the last count). */
  'lnLastCount',
  /** Days the model read (at most its window). */
  'historyDays',
] as const;

export type GrowthDriftFeature = (typeof GROWTH_DRIFT_FEATURES)[number];

const col = (name: GrowthColumn) => GROWTH_COLUMNS.indexOf(name);

/** The drift features of one model input (`[window, GROWTH_FEATURES]` row-major, oldest day first). */
export function growthDriftFeatures(input: ArrayLike<number>, window = GROWTH_WINDOW): Record<GrowthDriftFeature, number> {
  if (input.length !== window * GROWTH_FEATURES) throw new RangeError(`a growth input of ${window} days holds ${window * GROWTH_FEATURES} values, got ${input.length}`);
  const at = (row: number, name: GrowthColumn) => input[row * GROWTH_FEATURES + col(name)]!;
  const days = Array.from({ length: window }, (_, row) => row).filter((row) => at(row, 'present') === 1);
  // The first day read may have no day before it in a short history (its gain is 0 then): its gain is left out either way.
  const gains = days.slice(1).map((row) => at(row, 'gain') / GAIN_SCALE);
  const mean = gains.length ? gains.reduce((s, g) => s + g, 0) / gains.length : 0;
  const variance = gains.length ? gains.reduce((s, g) => s + (g - mean) ** 2, 0) / gains.length : 0;
  const last = days[days.length - 1];
  return {
    meanDailyLogGain: mean,
    stdDailyLogGain: Math.sqrt(variance),
    lnLastCount: last === undefined ? 0 : at(last, 'size') * 15,
    historyDays: days.length,
  };
}

/** The features a forecast stored with an input of another layout (an earlier model's columns) still tells: its size and days read. */
export function growthDriftFeaturesOfRecord(lastCount: number, historyDays: number): Partial<Record<GrowthDriftFeature, number>> {
  return { lnLastCount: Math.log1p(Math.max(lastCount, 0)), historyDays };
}
