import type { DailyGains } from './daily-gains.js';
import { mean, median, robustScale } from './robust-stats.js';

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeekdayGrowth {
  weekday: Weekday;
  /** The median of the subscribers gained on this weekday (observed days): a burst does not move it. */
  medianGain: number;
  /** The weekday's mean log gain relative to its week's moving average, centred over the seven weekdays. */
  effect: number;
}

export interface WeeklySeasonality {
  /** 0..1, see weeklySeasonality. */
  strength: number;
  /** Null when the weekdays explain nothing beyond chance (strength 0): their order would be noise. */
  bestWeekday: Weekday | null;
  worstWeekday: Weekday | null;
  /** Monday to Sunday. */
  weekdays: WeekdayGrowth[];
}

/** Half of the centred moving average's span: a week, centred on the day. */
const HALF_WEEK = 3;

/** Detrended log gains are pulled in to within this many robust scales of their median before the weekday means are taken. */
const CLIP_SCALES = 3.5;

/**
 * How much of the day-to-day movement of the growth rate the weekday explains. The daily log
 * gains are detrended by their centred 7-day moving average (what is left is weekday effect plus
 * noise), then the weekday means of what is left are fitted: strength is the share of its
 * variance they explain, adjusted for the six means fitted as R² is (1 − (SSR / (n − 7)) /
 * (SST / (n − 1)), clipped to 0..1), so noise with no weekly pattern scores near 0 however few
 * weeks there are, and a pure weekly pattern 1. A series without variance (flat) scores 0.
 * Only observed gains (no filled day at either end) are fitted, each first pulled in to within
 * 3.5 robust scales of the median, so a burst does not pass for its weekday's habit.
 */
export function weeklySeasonality(series: DailyGains): WeeklySeasonality {
  const { logGains, gains, observed, weekdays } = series;
  const gainsByWeekday = Array.from({ length: 7 }, () => [] as number[]);
  const raw: { value: number; weekday: number }[] = [];
  for (let t = 0; t < logGains.length; t++) {
    if (!observed[t]) continue;
    gainsByWeekday[weekdays[t]!]!.push(gains[t]!);
    if (t < HALF_WEEK || t + HALF_WEEK >= logGains.length) continue;
    const week = logGains.slice(t - HALF_WEEK, t + HALF_WEEK + 1);
    raw.push({ value: logGains[t]! - mean(week), weekday: weekdays[t]! });
  }
  // One burst would otherwise lift its weekday's mean for the whole history (and the days around
  // it, through the moving average): the weekday pattern is that of the usual days.
  const centreOfAll = median(raw.map((d) => d.value));
  const bound = CLIP_SCALES * Math.max(robustScale(raw.map((d) => d.value)), series.resolution);
  const detrended = raw.map((d) => ({ ...d, value: Math.min(centreOfAll + bound, Math.max(centreOfAll - bound, d.value)) }));
  const byWeekday = Array.from({ length: 7 }, () => [] as number[]);
  for (const d of detrended) byWeekday[d.weekday]!.push(d.value);
  const means = byWeekday.map((values) => mean(values));
  const centre = mean(means);
  const effects = means.map((m) => m - centre);

  const n = detrended.length;
  const overall = mean(detrended.map((d) => d.value));
  const total = detrended.reduce((sum, d) => sum + (d.value - overall) ** 2, 0);
  const residual = detrended.reduce((sum, d) => sum + (d.value - means[d.weekday]!) ** 2, 0);
  // A total this small is rounding, not movement: a flat or perfectly steady series.
  const strength = n > 7 && total > 1e-18 * n ? clamp01(1 - residual / (n - 7) / (total / (n - 1))) : 0;

  const order = effects.map((effect, weekday) => ({ effect, weekday })).sort((a, b) => b.effect - a.effect || a.weekday - b.weekday);
  return {
    strength,
    bestWeekday: strength > 0 ? WEEKDAYS[order[0]!.weekday]! : null,
    worstWeekday: strength > 0 ? WEEKDAYS[order[order.length - 1]!.weekday]! : null,
    weekdays: WEEKDAYS.map((weekday, i) => ({ weekday, medianGain: median(gainsByWeekday[i]!), effect: effects[i]! })),
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
