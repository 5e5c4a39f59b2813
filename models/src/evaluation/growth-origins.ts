/**
 * Where a channel's growth forecasts are judged: the forecast origins in its held-out days. The
 * first is the last day before the cut (the last day training may have seen), then one every
 * `originStep` days while the counts reach the longest horizon past it, so every forecast is
 * judged on days nobody trained on. A scheduled origin without a count of its own is skipped: a
 * forecast starts from a count, and its path's dates are the days after it. A channel that cannot
 * be judged this way is too short, and says why.
 */
import { addDays, dayMs, type DailyCount } from '../growth/series.js';

/** The protocol's numbers (GROWTH_EVALUATION in growth-evaluation.ts). */
export interface GrowthOriginRules {
  /** Days ahead that are judged, e.g. [7, 28]; the longest decides which origins have a whole path. */
  horizons: readonly number[];
  /** Days between consecutive origins. */
  originStep: number;
  /** Days of history (first count to origin, both included, gaps counted) the model needs. */
  minHistoryDays: number;
}

/** One forecast origin: its date and the index of its count (the history is counts[0..index]). */
export interface GrowthOrigin {
  date: string;
  index: number;
}

export type ChannelOrigins = { origins: GrowthOrigin[] } | { tooShort: string };

/**
 * The origins of a channel whose counts (ascending by date) are cut at `heldOutDayFrom`
 * (time-split.ts), or why there are none worth judging. Pure.
 */
export function growthOrigins(counts: readonly DailyCount[], heldOutDayFrom: number, rules: GrowthOriginRules): ChannelOrigins {
  if (counts.length === 0) return { tooShort: 'no subscriber counts' };
  if (heldOutDayFrom < 1) return { tooShort: 'no subscriber count before the cut' };
  const first = counts[Math.min(heldOutDayFrom, counts.length) - 1]!;
  const last = counts[counts.length - 1]!.date;
  const longest = Math.max(...rules.horizons);
  const reasons: string[] = [];
  const history = daysBetween(counts[0]!.date, first.date) + 1;
  if (history < rules.minHistoryDays) reasons.push(`${history} days of history up to the first origin ${first.date}, fewer than ${rules.minHistoryDays}`);
  const reach = daysBetween(first.date, last);
  if (reach < longest) reasons.push(`the counts end ${reach} days after the last day before the cut (${first.date}), fewer than ${longest}`);
  if (reasons.length > 0) return { tooShort: reasons.join('; ') };

  const indexOf = new Map(counts.map((c, i) => [c.date, i]));
  const origins: GrowthOrigin[] = [];
  for (let date = first.date; daysBetween(date, last) >= longest; date = addDays(date, rules.originStep)) {
    const index = indexOf.get(date);
    if (index !== undefined) origins.push({ date, index });
  }
  // A path whose every day is missing judges nothing; a channel needs a judged day at every horizon.
  const unjudged = rules.horizons.filter((h) => !origins.some((o) => range(1, h).some((d) => indexOf.has(addDays(o.date, d)))));
  if (unjudged.length > 0) return { tooShort: unjudged.map((h) => `no count in the ${h} days after any origin`).join('; ') };
  return { origins };
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / 86_400_000);
}

/** from, from + 1, …, to. */
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
