/**
 * A channel's record as the growth evaluation reads it at a forecast origin: the history the
 * model would have had (growthHistoryUntil of growthHistoryOf, the reading training shares) and
 * the counts observed after it.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { growthHistoryOf, growthHistoryUntil } from '../growth/channel-history.js';
import type { GrowthHistory } from '../growth/series.js';
import type { GrowthOrigin } from './growth-origins.js';

export interface ChannelGrowth {
  /** The history a forecast from `origin` reads. */
  historyAt(origin: GrowthOrigin): GrowthHistory;
  /** The count observed on `date`, or null when the channel has none that day. */
  observedOn(date: string): number | null;
}

/** Indexes a channel's counts by day once, for histories at many origins. */
export function channelGrowth(channel: ChannelRecord): ChannelGrowth {
  const counts = new Map(channel.subscriberCounts.map((c) => [c.date, c.count]));
  const whole = growthHistoryOf(channel);
  return {
    historyAt: (origin) => growthHistoryUntil(whole, origin.date),
    observedOn: (date) => counts.get(date) ?? null,
  };
}
