import { Random } from '@telepulse/dataset';
import { addDays, type DailyCount } from '@telepulse/models/growth/series';

/** 2024-01-01 is a Monday: day i of a fixture falls on weekday i % 7. */
export const FIRST_DAY = '2024-01-01';

/** Counts from daily gains: day 0 holds `start`, day i + 1 adds gains[i]. */
export function countsFromGains(start: number, gains: readonly number[]): DailyCount[] {
  const counts: DailyCount[] = [{ date: FIRST_DAY, count: start }];
  for (const gain of gains) counts.push({ date: addDays(FIRST_DAY, counts.length), count: counts[counts.length - 1]!.count + gain });
  return counts;
}

/** Counts compounding at `rates[i]` on day i + 1 from `start`, rounded to whole subscribers. */
export function countsFromRates(start: number, rates: readonly number[]): DailyCount[] {
  let level = start;
  const counts: DailyCount[] = [{ date: FIRST_DAY, count: start }];
  for (const rate of rates) {
    level *= 1 + rate;
    counts.push({ date: addDays(FIRST_DAY, counts.length), count: Math.round(level) });
  }
  return counts;
}

/** `days` daily gains of `mean` ± normal noise of `sd`, seeded. */
export function noisyGains(days: number, mean: number, sd: number, seed: string): number[] {
  const rng = new Random(seed);
  return Array.from({ length: days }, () => Math.round(rng.normal(mean, sd)));
}
