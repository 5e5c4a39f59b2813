/**
 * A channel's record as the growth model reads it at a forecast origin: every subscriber count up
 * to and including the origin, and what the channel published each day up to it (posts, and the
 * mean engagement rate of those with views), so the model sees the posting that explains a jump.
 * Activity runs from the first post's day, a day without posts saying so (0 posts, rate null); a
 * channel with no posts at all has no activity (unknown, not quiet).
 *
 * TODO: the growth model's branch brings models/src/growth/channel-history.ts, the same reading
 * shared with training; once merged, historyAt is growthHistoryUntil(growthHistoryOf(channel),
 * origin.date) and this file keeps observedOn only.
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
  const activity = dailyActivity(channel);
  return {
    historyAt(origin) {
      const history = channel.subscriberCounts.slice(0, origin.index + 1);
      return activity ? { counts: history, activity: activity.filter((a) => a.date <= origin.date) } : { counts: history };
    },
    observedOn: (date) => counts.get(date) ?? null,
  };
}

/** Every day from the first post's to the last post's or count's, whichever is later; null without posts. */
function dailyActivity(channel: ChannelRecord): DailyActivity[] | null {
  if (channel.posts.length === 0) return null;
  const days = new Map<string, { posts: number; rates: number[] }>();
  for (const post of channel.posts) {
    const day = days.get(post.postedAt.slice(0, 10)) ?? { posts: 0, rates: [] };
    day.posts += 1;
    // A post nobody has seen yet has no rate, not a rate of 0.
    if (post.views > 0) day.rates.push(engagementRate(post));
    days.set(post.postedAt.slice(0, 10), day);
  }
  const postDays = [...days.keys()].sort();
  const [first, lastPost] = [postDays[0]!, postDays[postDays.length - 1]!];
  const lastCount = channel.subscriberCounts[channel.subscriberCounts.length - 1]?.date;
  const to = lastCount !== undefined && lastCount > lastPost ? lastCount : lastPost;
  return Array.from({ length: daysBetween(first, to) + 1 }, (_, k) => {
    const date = addDays(first, k);
    const day = days.get(date);
    return { date, posts: day?.posts ?? 0, engagementRate: day && day.rates.length > 0 ? day.rates.reduce((s, r) => s + r, 0) / day.rates.length : null };
  });
}
