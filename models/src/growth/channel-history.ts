/**
 * A stored channel (the interchange format) as the growth model reads it: its daily subscriber
 * counts, and what it published each day. Shared by training and evaluation, so both ask the
 * model the same question a caller with the same data would.
 */
import { engagementRate, type ChannelRecord } from '@telepulse/dataset';
import { addDays, dayMs, type DailyActivity, type GrowthHistory } from './series.js';

/**
 * The channel's growth history: its counts as they are (missing days stay missing), and its
 * activity on every day from its first post's day to its last count's (or post's) day, zero posts
 * included, for a channel with posts; none for a channel without (the source does not say).
 */
export function growthHistoryOf(channel: ChannelRecord): GrowthHistory {
  const counts = channel.subscriberCounts.map((c) => ({ date: c.date, count: c.count }));
  if (channel.posts.length === 0) return { counts };
  const byDay = new Map<string, { posts: number; rates: number[] }>();
  for (const post of channel.posts) {
    const date = post.postedAt.slice(0, 10);
    const day = byDay.get(date) ?? { posts: 0, rates: [] };
    day.posts += 1;
    if (post.views > 0) day.rates.push(engagementRate(post));
    byDay.set(date, day);
  }
  const postDays = [...byDay.keys()].sort();
  const from = postDays[0]!;
  const lastCount = counts[counts.length - 1]?.date;
  const to = lastCount !== undefined && lastCount > postDays[postDays.length - 1]! ? lastCount : postDays[postDays.length - 1]!;
  const activity: DailyActivity[] = [];
  for (let date = from; dayMs(date) <= dayMs(to); date = addDays(date, 1)) {
    const day = byDay.get(date);
    activity.push({
      date,
      posts: day?.posts ?? 0,
      engagementRate: day && day.rates.length > 0 ? day.rates.reduce((a, b) => a + b, 0) / day.rates.length : null,
    });
  }
  return { counts, activity };
}

/** The history up to and including `date`: what was known at the end of that day. */
export function growthHistoryUntil(history: GrowthHistory, date: string): GrowthHistory {
  return {
    counts: history.counts.filter((c) => c.date <= date),
    ...(history.activity ? { activity: history.activity.filter((a) => a.date <= date) } : {}),
  };
}
