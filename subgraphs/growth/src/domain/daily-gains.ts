import { fillDailyGaps, type DailyCount } from '@telepulse/models/growth/series';
import { median } from './robust-stats.js';

/**
 * A channel's daily counts as the pattern analysis reads them: every day from the first count to
 * the last (missing days filled on the log-linear path, see fillDailyGaps), and the gain of each
 * day over the one before. Gain i is day i + 1's: `dates[i + 1]`, `weekdays[i]`.
 */
export interface DailyGains {
  dates: string[];
  counts: number[];
  /** Subscribers gained (negative: lost) on each day after the first. */
  gains: number[];
  /** log(count / previous count), counts below 1 taken as 1: the day's growth rate, comparable between a small and a large channel. */
  logGains: number[];
  /** False where either end of the gain is a filled day: its value is interpolated, not seen. */
  observed: boolean[];
  /** 0 = Monday … 6 = Sunday, of each gain's day. */
  weekdays: number[];
  /**
   * The smallest log gain the counts can show: one subscriber at the channel's median size.
   * Scales estimated from the data are floored at it, so a noiseless series does not make
   * every rounding step an outlier.
   */
  resolution: number;
}

/** Throws RangeError unless the counts ascend by date without repeats (the channels subgraph gives them so). */
export function dailyGains(counts: readonly DailyCount[]): DailyGains {
  for (let i = 1; i < counts.length; i++) {
    if (counts[i]!.date <= counts[i - 1]!.date) throw new RangeError(`daily counts must ascend by date: ${counts[i]!.date} follows ${counts[i - 1]!.date}`);
  }
  const days = fillDailyGaps(counts);
  const gains: number[] = [];
  const logGains: number[] = [];
  const observed: boolean[] = [];
  const weekdays: number[] = [];
  for (let i = 1; i < days.length; i++) {
    const [before, day] = [days[i - 1]!, days[i]!];
    gains.push(day.count - before.count);
    logGains.push(Math.log(Math.max(day.count, 1)) - Math.log(Math.max(before.count, 1)));
    observed.push(!day.filled && !before.filled);
    weekdays.push((new Date(`${day.date}T00:00:00Z`).getUTCDay() + 6) % 7);
  }
  return {
    dates: days.map((d) => d.date),
    counts: days.map((d) => d.count),
    gains,
    logGains,
    observed,
    weekdays,
    resolution: 1 / Math.max(median(days.map((d) => d.count)), 1),
  };
}
