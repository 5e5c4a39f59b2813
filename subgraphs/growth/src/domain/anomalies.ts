import type { DailyGains } from './daily-gains.js';
import { robustScale, rollingMedian } from './robust-stats.js';

export type AnomalyKind = 'BURST' | 'DROP';

export interface GrowthAnomaly {
  date: string;
  kind: AnomalyKind;
  gain: number;
  expectedGain: number;
  excess: number;
  score: number;
}

/** |robust z| beyond this is an anomaly (Iglewicz and Hoaglin's cut-off for the modified z-score). */
export const ANOMALY_SCORE = 3.5;

/** Days either side of a day that make its local level: two weeks, so a few days' burst is still the minority. */
export const LOCAL_HALF_WINDOW = 14;

/**
 * Days whose growth is far from the channel's usual growth around then. Each day's log gain,
 * less its weekday effect (`effects`, zeros for none), is compared with the median of its
 * neighbours within two weeks, not reaching across a change point (`segments`: the indices
 * where a new level starts); the distance in units of 1.4826 × the MAD of all such distances
 * (floored at one subscriber's worth) is its robust z-score. Days beyond ±3.5 are bursts or
 * drops. Gains with a filled day at either end are interpolated, never anomalies. The size is in
 * subscribers: the day's gain against what the local rate and weekday would have given.
 */
export function growthAnomalies(series: DailyGains, effects: readonly number[], segments: readonly number[]): GrowthAnomaly[] {
  const { logGains, gains, counts, observed, weekdays, dates } = series;
  const adjusted = logGains.map((g, t) => g - effects[weekdays[t]!]!);
  const level = rollingMedian(adjusted, LOCAL_HALF_WINDOW, segments);
  const distance = adjusted.map((a, t) => a - level[t]!);
  const scale = Math.max(robustScale(distance.filter((_, t) => observed[t])), series.resolution);
  const anomalies: GrowthAnomaly[] = [];
  for (let t = 0; t < distance.length; t++) {
    const score = distance[t]! / scale;
    if (!observed[t] || Math.abs(score) <= ANOMALY_SCORE) continue;
    const expectedGain = counts[t]! * Math.expm1(level[t]! + effects[weekdays[t]!]!);
    anomalies.push({ date: dates[t + 1]!, kind: score > 0 ? 'BURST' : 'DROP', gain: gains[t]!, expectedGain, excess: gains[t]! - expectedGain, score });
  }
  return anomalies;
}
