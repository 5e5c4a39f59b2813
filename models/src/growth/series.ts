/**
 * The growth model's contract with everyone who uses it: what a daily subscriber history is,
 * how far the model looks back and ahead, which quantiles it gives, and the naive forecast it is
 * judged against. Plain data and arithmetic: the subgraph, the pipeline, the trainer and the
 * evaluation all read this one file.
 */

/** Days of history the model reads (the last GROWTH_WINDOW days up to the forecast origin). */
export const GROWTH_WINDOW = 56;

/** Fewer days than this and there is no forecast: GrowthHistoryTooShortError says how many exist and are needed. */
export const GROWTH_MIN_DAYS = 28;

/** Days ahead the model forecasts; a request asks for 1..GROWTH_HORIZON of them. */
export const GROWTH_HORIZON = 30;

/** The quantiles of every forecast day, in output order: the 95 % and 80 % intervals around the median. */
export const GROWTH_QUANTILES = [0.025, 0.1, 0.5, 0.9, 0.975] as const;

/** A channel's subscriber count at the end of one UTC day. */
export interface DailyCount {
  /** `YYYY-MM-DD` */
  date: string;
  count: number;
}

/** What the channel published on one UTC day, where known (it helps explain jumps). */
export interface DailyActivity {
  /** `YYYY-MM-DD` */
  date: string;
  posts: number;
  /** Mean engagement rate of that day's posts; null when unknown. */
  engagementRate: number | null;
}

/** The input of one forecast: counts ascending by date (days may be missing), activity optional. */
export interface GrowthHistory {
  counts: readonly DailyCount[];
  activity?: readonly DailyActivity[];
}

/** One forecast day: the median and the 80 % and 95 % intervals. */
export interface GrowthPoint {
  /** `YYYY-MM-DD`, the days after the last count. */
  date: string;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** The history is too short to forecast from; `days` exist, `needed` are needed. */
export class GrowthHistoryTooShortError extends RangeError {
  override readonly name = 'GrowthHistoryTooShortError';
  readonly code = 'GROWTH_HISTORY_TOO_SHORT';
  constructor(
    readonly days: number,
    readonly needed: number = GROWTH_MIN_DAYS,
  ) {
    super(`the subscriber history has ${days} day${days === 1 ? '' : 's'}, a forecast needs at least ${needed}`);
  }
}

/**
 * The seasonal-naive forecast on daily gains: last week's seven daily gains repeated and
 * accumulated from the last count, for `days` days. Counts must be consecutive days (fill gaps
 * first, see fillDailyGaps); with fewer than 8 counts, the mean gain of what there is repeats.
 */
export function seasonalNaiveGains(counts: readonly number[], days: number): number[] {
  const n = counts.length;
  if (n === 0) throw new RangeError('a forecast needs at least one count');
  const last = counts[n - 1]!;
  const gains: number[] = [];
  if (n >= 8) for (let i = n - 7; i < n; i++) gains.push(counts[i]! - counts[i - 1]!);
  else gains.push(n >= 2 ? (last - counts[0]!) / (n - 1) : 0);
  const path: number[] = [];
  let value = last;
  for (let d = 0; d < days; d++) {
    value += gains[d % gains.length]!;
    path.push(value);
  }
  return path;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → ms since the epoch (UTC midnight). */
export function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The day `offset` days after `date`. */
export function addDays(date: string, offset: number): string {
  return new Date(dayMs(date) + offset * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Consecutive daily counts from the first to the last given day: a missing day is filled on the
 * straight line in log space between its neighbours (growth compounds) and flagged. Counts must
 * be ascending by date without duplicates.
 */
export function fillDailyGaps(counts: readonly DailyCount[]): { date: string; count: number; filled: boolean }[] {
  const out: { date: string; count: number; filled: boolean }[] = [];
  for (let i = 0; i < counts.length; i++) {
    const current = counts[i]!;
    const previous = out[out.length - 1];
    if (previous) {
      const gap = Math.round((dayMs(current.date) - dayMs(previous.date)) / DAY_MS);
      const from = Math.log(Math.max(previous.count, 1));
      const to = Math.log(Math.max(current.count, 1));
      for (let k = 1; k < gap; k++) out.push({ date: addDays(previous.date, k), count: Math.exp(from + ((to - from) * k) / gap), filled: true });
    }
    out.push({ date: current.date, count: current.count, filled: false });
  }
  return out;
}
