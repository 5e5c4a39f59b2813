/**
 * The forecasts a model has to beat, made as the model is: for post i only from posts before it.
 * The channel median is what the serving path reports as its baseline; the rolling median of the
 * last 16 posts follows a channel whose rate drifts. Both are medians, so one viral post moves them little.
 */
import { engagementRate, type ChannelRecord } from '@telepulse/dataset';
import { median } from '../engagement/confidence.js';

/** Posts the rolling baseline reads. */
export const ROLLING_WINDOW = 16;

/** For each index in [from, values.length): the median of every earlier value (0 when there is none). */
export function expandingMedians(values: readonly number[], from = 0): number[] {
  return range(from, values.length).map((i) => median(values.slice(0, i)));
}

/** For each index in [from, values.length): the median of the `window` values before it (fewer at the start). */
export function rollingMedians(values: readonly number[], window: number, from = 0): number[] {
  return range(from, values.length).map((i) => median(values.slice(Math.max(0, i - window), i)));
}

/** The engagement baselines' forecasts for posts `from`.. of a channel, by name, in report order. */
export function engagementBaselines(channel: ChannelRecord, from: number): Record<EngagementBaseline, number[]> {
  const rates = channel.posts.map(engagementRate);
  return { 'channel median': expandingMedians(rates, from), 'rolling-16': rollingMedians(rates, ROLLING_WINDOW, from) };
}

export const ENGAGEMENT_BASELINES = ['channel median', 'rolling-16'] as const;
export type EngagementBaseline = (typeof ENGAGEMENT_BASELINES)[number];

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
