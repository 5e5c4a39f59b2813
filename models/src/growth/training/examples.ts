/**
 * Supervised growth examples from channels: many forecast origins per channel, each with the
 * history known at the end of that day as input and the next days' log ratios as target.
 */
import type { ChannelRecord, Random } from '@telepulse/dataset';
import { growthHistoryOf, growthHistoryUntil } from '../channel-history.js';
import { median } from '../../engagement/confidence.js';
import { buildGrowthInput, logCount } from '../features.js';
import { fillDailyGaps, GROWTH_MIN_DAYS, seasonalNaiveGains, type GrowthHistory } from '../series.js';

/** One forecast origin of one channel, and what happened after it. */
export interface GrowthExample {
  channelId: string;
  /** The day of the origin (its last count). */
  originDate: string;
  input: Float32Array;
  /** ln(count_{origin+d} / count_origin) for d = 1..horizon: the network's target. */
  target: Float32Array;
  lastCount: number;
  /** The counts on days 1..horizon after the origin (a day missing from the data: filled). */
  actual: number[];
  /** Whether each of those days had a real count (only those are judged). */
  actualKnown: boolean[];
  /** The seasonal-naive-on-daily-gains forecast of those days. */
  baseline: number[];
  /** Days of history the input holds. */
  historyUsed: number;
  /** How noisy the channel's days are: the robust spread (1.4826 × MAD) of the daily log gains it read. */
  noise: number;
}

export interface GrowthExampleOptions {
  window: number;
  horizon: number;
  /** Days between a channel's origins (the first at a random phase). */
  stride: number;
  /** Share of examples whose history comes without activity (as a caller who has only the counts). */
  activityDropShare: number;
  /** Share of examples with days removed from the history (2-15 % of them, never the first or last), to be filled and flagged. */
  gapShare: number;
  /** Share of examples whose history is cut to GROWTH_MIN_DAYS..window-1 days, so short histories are trained on too. */
  shortShare: number;
  random: Random;
}

/**
 * Examples from channels: every `stride` days from the first day with GROWTH_MIN_DAYS of history
 * to the last day with `horizon` days after it, the origin on a day with a real count. Channels
 * with too few days give none. Deterministic for the options' random stream.
 */
export function buildGrowthExamples(channels: readonly ChannelRecord[], options: GrowthExampleOptions): GrowthExample[] {
  const examples: GrowthExample[] = [];
  for (const channel of channels) {
    const random = options.random.fork(channel.id);
    const history = growthHistoryOf(channel);
    const days = fillDailyGaps(history.counts);
    const first = GROWTH_MIN_DAYS - 1 + random.int(0, Math.max(0, options.stride - 1));
    for (let origin = first; origin + options.horizon < days.length; origin += options.stride) {
      if (days[origin]!.filled) continue;
      examples.push(exampleAt(channel.id, history, days, origin, options, random));
    }
  }
  return examples;
}

function exampleAt(
  channelId: string,
  history: GrowthHistory,
  days: readonly { date: string; count: number; filled: boolean }[],
  origin: number,
  options: GrowthExampleOptions,
  random: Random,
): GrowthExample {
  const originDate = days[origin]!.date;
  let known = growthHistoryUntil(history, originDate);
  if (random.bernoulli(options.shortShare)) {
    const keep = random.int(GROWTH_MIN_DAYS, options.window - 1);
    // From the last real count on or before the cut, so a missing day there cannot shorten the history below `keep`.
    const cut = days[Math.max(0, origin - keep + 1)]!.date;
    const from = known.counts.findLast((c) => c.date <= cut)!.date;
    known = { counts: known.counts.filter((c) => c.date >= from), ...(known.activity ? { activity: known.activity } : {}) };
  }
  if (random.bernoulli(options.gapShare)) {
    const share = random.uniform(0.02, 0.15);
    const counts = known.counts;
    known = { ...known, counts: counts.filter((_, i) => i === 0 || i === counts.length - 1 || !random.bernoulli(share)) };
  }
  if (random.bernoulli(options.activityDropShare)) known = { counts: known.counts };
  const prepared = buildGrowthInput(known, options.window);
  const future = days.slice(origin + 1, origin + 1 + options.horizon);
  const lastLog = logCount(prepared.lastCount);
  return {
    channelId,
    originDate,
    input: prepared.input,
    target: Float32Array.from(future, (d) => logCount(d.count) - lastLog),
    lastCount: prepared.lastCount,
    actual: future.map((d) => d.count),
    actualKnown: future.map((d) => !d.filled),
    baseline: seasonalNaiveGains(prepared.filledCounts, options.horizon),
    historyUsed: prepared.historyUsed,
    noise: dailyNoise(prepared.filledCounts.slice(-prepared.historyUsed)),
  };
}

/** 1.4826 × the median absolute deviation of the daily log gains: their standard deviation were they normal, untouched by a viral day. */
export function dailyNoise(counts: readonly number[]): number {
  const gains = counts.slice(1).map((c, i) => logCount(c) - logCount(counts[i]!));
  const center = median(gains);
  return 1.4826 * median(gains.map((g) => Math.abs(g - center)));
}
