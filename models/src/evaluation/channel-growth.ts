/**
 * A channel's record as the growth model reads it at a forecast origin: every subscriber count up
 * to and including the origin, and what the channel published each day (posts and their mean
 * engagement rate), so the model sees the posting that explains a jump. Activity runs over every
 * day from the first count to the origin, a day without posts saying so (0 posts, rate null);
 * a channel with no posts at all has no activity (unknown, not quiet).
 */
import { engagementRate, type ChannelRecord } from '@telepulse/dataset';
import { addDays, type DailyActivity, type GrowthHistory } from '../growth/series.js';
import { daysBetween, type GrowthOrigin } from './growth-origins.js';

export interface ChannelGrowth {
  /** The history a forecast from `origin` reads. */
  historyAt(origin: GrowthOrigin): GrowthHistory;
  /** The count observed on `date`, or null when the channel has none that day. */
  observedOn(date: string): number | null;
}

/** Indexes a channel's counts and posts by day once, for histories at many origins. */
export function channelGrowth(channel: ChannelRecord): ChannelGrowth {
  const counts = new Map(channel.subscriberCounts.map((c) => [c.date, c.count]));
  const days = new Map<string, { posts: number; rates: number }>();
  for (const post of channel.posts) {
    const day = post.postedAt.slice(0, 10);
    const sum = days.get(day) ?? { posts: 0, rates: 0 };
    days.set(day, { posts: sum.posts + 1, rates: sum.rates + engagementRate(post) });
  }
  const activity = (from: string, to: string): DailyActivity[] =>
    Array.from({ length: daysBetween(from, to) + 1 }, (_, k) => {
      const date = addDays(from, k);
      const day = days.get(date);
      return day ? { date, posts: day.posts, engagementRate: day.rates / day.posts } : { date, posts: 0, engagementRate: null };
    });
  return {
    historyAt(origin) {
      const history = channel.subscriberCounts.slice(0, origin.index + 1);
      return channel.posts.length === 0 ? { counts: history } : { counts: history, activity: activity(history[0]!.date, origin.date) };
    },
    observedOn: (date) => counts.get(date) ?? null,
  };
}
