/**
 * The growth model's input contract, the one definition shared by training, evaluation and
 * serving: a channel's daily subscriber history up to the forecast origin → `[GROWTH_WINDOW,
 * GROWTH_COLUMNS.length]`.
 *
 * The model forecasts growth relative to the channel's last count, never absolute counts: every
 * count in the input is a log ratio (day over day, and to the last count), so a channel of 300
 * and one of 300 000 subscribers look alike where they grow alike. Their size still enters, once,
 * as `size`: small channels' counts are noisier, and the intervals must know it.
 *
 * Rows are days, oldest first: the last GROWTH_WINDOW days up to the last count, missing days
 * filled on the log-linear path between their neighbours (series.ts fillDailyGaps) and flagged,
 * and zero rows (`present` 0) in front of a history shorter than the window. "Unknown" is its own
 * flag, never a zero that looks like a value: activity a caller did not give, an engagement rate
 * of a day without posts.
 */
import { addDays, dayMs, fillDailyGaps, GROWTH_MIN_DAYS, GROWTH_WINDOW, GrowthHistoryTooShortError, type DailyActivity, type GrowthHistory } from './series.js';

const DAY_MS = 86_400_000;

/** The columns of one input row (one day), in order. */
export const GROWTH_COLUMNS = [
  'gain', // clip(GAIN_SCALE × ln(c_t / c_{t-1}), ±CLIP); 0 on the history's first day
  'filled', // 1 when the day had no count and was filled (fillDailyGaps)
  'weekday_sin', // ISO weekday of the day, on the circle
  'weekday_cos',
  'level', // clip(LEVEL_SCALE × ln(c_t / c_last), ±CLIP): where the day stood against the origin
  'size', // log1p(c_last) / 15: the channel's size, the same on every row
  'recency', // (origin − day) / GROWTH_WINDOW: 0 on the origin, for the attention to tell days apart
  'posts', // log1p(posts that day) / 3; 0 when unknown
  'posts_known', // 1 when the caller said what the channel published that day (0 posts included)
  'engagement', // (ln(mean engagement rate + 1e-4) + 5) / 3 of the day's posts; 0 when unknown
  'engagement_known', // 1 when the day had posts with a known engagement rate
  'present', // 0 on the padding rows before a short history
] as const;

export type GrowthColumn = (typeof GROWTH_COLUMNS)[number];

export const GROWTH_FEATURES = GROWTH_COLUMNS.length;

const column = Object.fromEntries(GROWTH_COLUMNS.map((name, i) => [name, i])) as Record<GrowthColumn, number>;

/** The index of a column in a row. */
export function growthColumn(name: GrowthColumn): number {
  return column[name];
}

/** A day's log gain of 2 % reads as 1. */
export const GAIN_SCALE = 50;
/** A 10 % distance from the origin's count reads as 1. */
export const LEVEL_SCALE = 10;
/** Scaled gains and levels beyond this carry no more information and would only let outliers dominate. */
export const FEATURE_CLIP = 5;

/** The history cannot be read: unsorted or repeated dates, or a count that is not a finite non-negative number. */
export class GrowthHistoryError extends RangeError {
  override readonly name = 'GrowthHistoryError';
  readonly code = 'INVALID_GROWTH_HISTORY';
}

/** One model input with what it was built from. */
export interface GrowthInput {
  /** `[window, GROWTH_FEATURES]` row-major. */
  input: Float32Array;
  /** Days in the input (filled days included), at most the window. */
  historyUsed: number;
  /** The day of the last count: the forecast origin. */
  lastDate: string;
  lastCount: number;
  /** The last days of the history, gaps filled, oldest first: the window and the day before it (for the baseline, which reads the last 8). */
  filledCounts: number[];
}

/**
 * The model input for a forecast from `history`: its last `window` days (gaps filled and
 * flagged), oldest first, left-padded with zero rows. Throws GrowthHistoryTooShortError with
 * fewer than GROWTH_MIN_DAYS days after gap filling, GrowthHistoryError for an unreadable history.
 */
export function buildGrowthInput(history: GrowthHistory, window = GROWTH_WINDOW): GrowthInput {
  const { counts } = history;
  checkCounts(counts);
  const span = counts.length === 0 ? 0 : Math.round((dayMs(counts[counts.length - 1]!.date) - dayMs(counts[0]!.date)) / DAY_MS) + 1;
  if (span < GROWTH_MIN_DAYS) throw new GrowthHistoryTooShortError(span, GROWTH_MIN_DAYS);
  // Only the window and the day before it are read: fill the gaps there, not in a year of history
  // (pre-processing runs on the serving thread). The count before the cut keeps the gaps at the cut
  // filled as they would be in the whole history.
  const cutoff = addDays(counts[counts.length - 1]!.date, -window);
  let from = counts.length - 1;
  while (from > 0 && counts[from]!.date > cutoff) from -= 1;
  const days = fillDailyGaps(counts.slice(from)).filter((d) => d.date >= cutoff);
  const last = days[days.length - 1]!;
  const lastLog = logCount(last.count);
  const activity = activityByDay(history.activity, cutoff);
  const used = days.slice(-window);
  const first = days.length - used.length;
  const lastWeekday = isoWeekdayOf(last.date);
  const size = Math.log1p(Math.max(last.count, 0)) / 15;
  const input = new Float32Array(window * GROWTH_FEATURES);
  const offset = window - used.length;
  used.forEach((day, i) => {
    const row = input.subarray((offset + i) * GROWTH_FEATURES, (offset + i + 1) * GROWTH_FEATURES);
    const previous = days[first + i - 1];
    const logC = logCount(day.count);
    if (previous) row[column.gain] = clip(GAIN_SCALE * (logC - logCount(previous.count)));
    row[column.filled] = day.filled ? 1 : 0;
    // Consecutive days: count back from the origin's weekday instead of parsing every date.
    const angle = (2 * Math.PI * ((((lastWeekday - (used.length - 1 - i)) % 7) + 7) % 7)) / 7;
    row[column.weekday_sin] = Math.sin(angle);
    row[column.weekday_cos] = Math.cos(angle);
    row[column.level] = clip(LEVEL_SCALE * (logC - lastLog));
    row[column.size] = size;
    row[column.recency] = (used.length - 1 - i) / window;
    const known = activity.get(day.date);
    if (known) {
      row[column.posts] = Math.log1p(Math.max(known.posts, 0)) / 3;
      row[column.posts_known] = 1;
      if (known.posts > 0 && known.engagementRate !== null && Number.isFinite(known.engagementRate)) {
        row[column.engagement] = (Math.log(Math.max(known.engagementRate, 0) + 1e-4) + 5) / 3;
        row[column.engagement_known] = 1;
      }
    }
    row[column.present] = 1;
  });
  return { input, historyUsed: used.length, lastDate: last.date, lastCount: last.count, filledCounts: days.map((d) => d.count) };
}

/** ln of a count, with counts below one read as one (a channel never has fewer than zero subscribers, and ln 0 is not a number). */
export function logCount(count: number): number {
  return Math.log(Math.max(count, 1));
}

/** 0 = Monday .. 6 = Sunday of a `YYYY-MM-DD` day. */
export function isoWeekdayOf(date: string): number {
  return (new Date(dayMs(date)).getUTCDay() + 6) % 7;
}

function checkCounts(counts: GrowthHistory['counts']): void {
  let previous = Number.NEGATIVE_INFINITY;
  counts.forEach((c, i) => {
    const ms = dayMs(c.date);
    if (!Number.isFinite(ms)) throw new GrowthHistoryError(`counts[${i}].date must be a YYYY-MM-DD day, got ${JSON.stringify(c.date)}`);
    if (ms <= previous) throw new GrowthHistoryError(`counts must be ascending by date without repeats: counts[${i}].date ${c.date} does not follow ${counts[i - 1]!.date}`);
    if (!(Number.isFinite(c.count) && c.count >= 0)) throw new GrowthHistoryError(`counts[${i}].count must be a finite number >= 0, got ${c.count}`);
    previous = ms;
  });
}

/** The activity of the days from `from` on, by day. */
function activityByDay(activity: readonly DailyActivity[] | undefined, from: string): Map<string, DailyActivity> {
  const byDay = new Map<string, DailyActivity>();
  for (const a of activity ?? []) if (a.date >= from) byDay.set(a.date, a);
  return byDay;
}

function clip(value: number, limit = FEATURE_CLIP): number {
  return Math.max(-limit, Math.min(limit, value));
}
