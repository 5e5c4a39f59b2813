/**
 * Two real, if naive, growth forecasters for the evaluation's tests, so what the evaluation says
 * of them can be worked out by hand: the seasonal naive on daily gains (the baseline itself, whose
 * relative MAE must then be exactly 1) and persistence (tomorrow's count is today's). Both read
 * the gap-filled history as the model does and give random-walk intervals: the median ± z × σ ×
 * √d on day d, σ the root mean square of the forecaster's own one-step errors in the history.
 */
import {
  addDays,
  fillDailyGaps,
  GROWTH_HORIZON,
  GROWTH_MIN_DAYS,
  GrowthHistoryTooShortError,
  seasonalNaiveGains,
  type GrowthHistory,
  type GrowthPoint,
} from '../../src/growth/series.js';
import type { GrowthForecaster } from '../../src/evaluation/growth-evaluation.js';

/** Standard normal quantiles of 0.9 and 0.975: the 80 % and 95 % intervals' half-widths in σ. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/** The baseline as a model: last week's daily gains repeated; its one-step error is g_t − g_(t−7). */
export const seasonalNaiveForecaster = naiveForecaster(
  'seasonal-naive',
  (counts, days) => seasonalNaiveGains(counts, days),
  (gains) => gains.slice(7).map((g, i) => g - gains[i]!),
);

/** The last count, held: its one-step error is the day's gain. */
export const persistenceForecaster = naiveForecaster(
  'persistence',
  (counts, days) => Array<number>(days).fill(counts[counts.length - 1]!),
  (gains) => [...gains],
);

function naiveForecaster(
  version: string,
  median: (counts: readonly number[], days: number) => number[],
  oneStepErrors: (gains: readonly number[]) => number[],
): GrowthForecaster & { forecast(history: GrowthHistory, days: number): GrowthPoint[] } {
  const forecast = (history: GrowthHistory, days: number): GrowthPoint[] => {
    if (!Number.isInteger(days) || days < 1 || days > GROWTH_HORIZON) throw new RangeError(`days: expected 1..${GROWTH_HORIZON}, got ${days}`);
    const filled = fillDailyGaps(history.counts);
    if (filled.length < GROWTH_MIN_DAYS) throw new GrowthHistoryTooShortError(filled.length);
    const counts = filled.map((c) => c.count);
    const errors = oneStepErrors(counts.slice(1).map((c, i) => c - counts[i]!));
    const sigma = errors.length === 0 ? 0 : Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    const last = filled[filled.length - 1]!.date;
    return median(counts, days).map((value, d) => {
      const spread = sigma * Math.sqrt(d + 1);
      return { date: addDays(last, d + 1), value, lower80: value - Z80 * spread, upper80: value + Z80 * spread, lower95: value - Z95 * spread, upper95: value + Z95 * spread };
    });
  };
  return {
    version,
    forecast,
    forecastMany: async (cases) => cases.map((c) => ({ points: forecast(c.history, c.days) })),
  };
}
