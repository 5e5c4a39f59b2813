import { GrowthHistoryTooShortError, type DailyCount } from '@telepulse/models/growth/series';
import { growthAnomalies, LOCAL_HALF_WINDOW, type GrowthAnomaly } from './anomalies.js';
import { changePoints } from './change-points.js';
import { dailyGains, type DailyGains } from './daily-gains.js';
import { mean, robustScale, rollingMedian } from './robust-stats.js';
import { weeklySeasonality, type WeeklySeasonality } from './seasonality.js';
import { growthTrend, type GrowthTrend } from './trend.js';

export type { GrowthAnomaly } from './anomalies.js';
export type { GrowthTrend } from './trend.js';
export type { WeeklySeasonality, WeekdayGrowth } from './seasonality.js';

/** Fewer days than this and there are no patterns: two full weeks of daily gains. */
export const PATTERNS_MIN_DAYS = 15;

/** The most days analysed (the latest): two years. */
export const PATTERNS_MAX_DAYS = 730;

/** A change of level must last a week: shorter is a burst or a drop (see anomalies). */
export const MIN_SEGMENT_DAYS = 7;

/** Log gains are pulled in to within this many robust scales of their local level before segmentation. */
const CLIP_SCALES = 3.5;

export interface ChangePoint {
  /** The first day of the new level. */
  date: string;
  rateBefore: number;
  rateAfter: number;
  gainBefore: number;
  gainAfter: number;
}

export interface GrowthPatterns {
  from: string;
  to: string;
  days: number;
  trend: GrowthTrend;
  seasonality: WeeklySeasonality;
  changePoints: ChangePoint[];
  anomalies: GrowthAnomaly[];
}

/** A channel's patterns, as the API gives them. */
export interface ChannelGrowthPatterns extends GrowthPatterns {
  channelId: string;
}

/**
 * What a daily subscriber history shows (counts ascending by date, days may be missing): the
 * trend, the weekly seasonality, the change points and the anomalous days. In that order, each
 * reading what the one before found: change points are sought in the daily log gains with the
 * weekday effect removed (when there is one) and each gain clipped to within 3.5 robust scales of
 * its two-week local median, so neither the week nor a one-day burst passes for a change of
 * level; anomalies are measured against a local median that does not reach across a change
 * point. Throws GrowthHistoryTooShortError below PATTERNS_MIN_DAYS days (after gap filling).
 */
export function analyzeGrowthPatterns(counts: readonly DailyCount[]): GrowthPatterns {
  const series = dailyGains(counts);
  if (series.dates.length < PATTERNS_MIN_DAYS) throw new GrowthHistoryTooShortError(series.dates.length, PATTERNS_MIN_DAYS);
  const seasonality = weeklySeasonality(series);
  const effects = seasonality.strength > 0 ? seasonality.weekdays.map((w) => w.effect) : new Array<number>(7).fill(0);
  const starts = changePoints(clippedGains(series, effects), { minSegment: MIN_SEGMENT_DAYS, minSigma: series.resolution });
  return {
    from: series.dates[0]!,
    to: series.dates[series.dates.length - 1]!,
    days: series.dates.length,
    trend: growthTrend(series),
    seasonality,
    changePoints: starts.map((start, i) => describeChange(series, starts[i - 1] ?? 0, start, starts[i + 1] ?? series.logGains.length)),
    anomalies: growthAnomalies(series, effects, starts),
  };
}

/** The log gains without the weekday effect, each within CLIP_SCALES robust scales of its local median. */
function clippedGains(series: DailyGains, effects: readonly number[]): number[] {
  const adjusted = series.logGains.map((g, t) => g - effects[series.weekdays[t]!]!);
  const level = rollingMedian(adjusted, LOCAL_HALF_WINDOW);
  const bound = CLIP_SCALES * Math.max(robustScale(adjusted.map((a, t) => a - level[t]!)), series.resolution);
  return adjusted.map((a, t) => Math.min(level[t]! + bound, Math.max(level[t]! - bound, a)));
}

/** The change at gain `start`, with the segments either side: [from, start) and [start, to). */
function describeChange(series: DailyGains, from: number, start: number, to: number): ChangePoint {
  const rate = (a: number, b: number) => Math.expm1(mean(series.logGains.slice(a, b)));
  const gain = (a: number, b: number) => mean(series.gains.slice(a, b));
  return { date: series.dates[start + 1]!, rateBefore: rate(from, start), rateAfter: rate(start, to), gainBefore: gain(from, start), gainAfter: gain(start, to) };
}
