/**
 * MASE's scale for a served growth forecast, as `pnpm eval` computes it
 * (models/src/evaluation/growth-evaluation.ts): the in-sample MAE of the weekly seasonal-naive
 * forecast over the channel's gap-filled daily counts up to the forecast's origin (the day before
 * its first forecast day). The served forecast does not carry it (its drift features summarise
 * log gains, not counts), so feedback reads the channel's counts up to that day and computes it.
 */
import { seasonalNaiveMae } from '@telepulse/models/evaluation/metrics';
import { addDays, fillDailyGaps, type DailyCount } from '@telepulse/models/growth/series';
import type { ServedPredictionView } from './served-prediction.js';

/** The day the forecast starts from: the day before its first point. Null without dated points. */
export function forecastOrigin(forecast: ServedPredictionView): string | null {
  const first = forecast.points[0]?.date;
  return first ? addDays(first, -1) : null;
}

/** The weekly seasonal-naive MAE of the counts (ascending by day) up to `origin`; null when fewer than eight days are known. */
export function naiveScale(counts: readonly DailyCount[], origin: string): number | null {
  const upTo = counts.filter((c) => c.date <= origin);
  const scale = seasonalNaiveMae(
    fillDailyGaps(upTo).map((c) => c.count),
    7,
  );
  return Number.isFinite(scale) ? scale : null;
}
