import type { DailyGains } from './daily-gains.js';
import { mean, variance } from './robust-stats.js';

export type GrowthDirection = 'ACCELERATING' | 'SLOWING' | 'STEADY' | 'UNKNOWN';

export interface GrowthTrend {
  recentDays: number;
  /** exp(mean daily log gain) − 1 over the recent days. */
  dailyGrowthRate: number;
  weeklyGrowthRate: number;
  /** Mean subscribers gained per day over the recent days. */
  dailyGain: number;
  previousDailyGrowthRate: number | null;
  direction: GrowthDirection;
}

/** The recent stretch the trend measures, in days: four weeks. */
export const TREND_DAYS = 28;

/** How many standard errors apart the two stretches' mean growth must be to call it a change. */
const SIGNIFICANT = 2;

/**
 * The channel's growth over its recent weeks and whether it is speeding up. Recent: the last 28
 * daily gains, or, in a history shorter than 56 days, the last half of it in whole weeks (so
 * both stretches hold the same weekdays and the weekly pattern cancels out of their
 * difference). Accelerating or slowing when the two stretches' mean daily log gains differ by
 * more than two standard errors (Welch), steady otherwise; unknown without a stretch before.
 */
export function growthTrend(series: DailyGains): GrowthTrend {
  const { logGains, gains } = series;
  const n = logGains.length;
  const weeks = Math.min(TREND_DAYS / 7, Math.floor(n / 14));
  const recentDays = weeks > 0 ? weeks * 7 : n;
  const recent = logGains.slice(n - recentDays);
  const rate = mean(recent);
  const trend = {
    recentDays,
    dailyGrowthRate: Math.expm1(rate),
    weeklyGrowthRate: Math.expm1(7 * rate),
    dailyGain: mean(gains.slice(n - recentDays)),
  };
  if (weeks === 0) return { ...trend, previousDailyGrowthRate: null, direction: 'UNKNOWN' };

  const previous = logGains.slice(n - 2 * recentDays, n - recentDays);
  const before = mean(previous);
  const standardError = Math.sqrt((variance(recent) + variance(previous)) / recentDays);
  const difference = rate - before;
  // Without noise (a synthetic or perfectly steady series) any difference beyond rounding is real.
  const scale = Math.max(standardError, 1e-12);
  const direction = difference > SIGNIFICANT * scale ? 'ACCELERATING' : difference < -SIGNIFICANT * scale ? 'SLOWING' : 'STEADY';
  return { ...trend, previousDailyGrowthRate: Math.expm1(before), direction };
}
