import { addDays, dayMs, type DailyActivity, type DailyCount, type GrowthHistory } from '@telepulse/models/growth/series';

/** A post as the growth domain reads it: when, and how it engaged. */
export interface ActivityPost {
  postedAt: Date;
  engagementRate: number;
}

/** What the channels subgraph gives of a channel: counts ascending (from some day on), its newest posts, how many posts it has in all. */
export interface ChannelRecord {
  counts: readonly DailyCount[];
  recentPosts: readonly ActivityPost[];
  postCount: number;
}

/**
 * A channel's history for one question: its counts of the last `days` days up to its latest
 * count, and its activity on the days of that stretch that its newest posts fully cover.
 */
export function channelHistory(channel: ChannelRecord, days: number): GrowthHistory {
  const last = channel.counts[channel.counts.length - 1];
  if (!last) return { counts: [], activity: [] };
  const from = addDays(last.date, -(days - 1));
  const counts = channel.counts.filter((c) => c.date >= from);
  return { counts, activity: dailyActivity(channel.recentPosts, channel.recentPosts.length >= channel.postCount, counts[0]!.date, last.date) };
}

/**
 * Posts and mean engagement per UTC day from `first` to `last`, for the days the posts at hand
 * tell in full: every day when they are all the channel's posts (`everyPost`), else the days
 * after the oldest one's (older posts of that day, and of the days before, are not at hand).
 * A known day without posts has 0 posts and a null rate.
 */
export function dailyActivity(posts: readonly ActivityPost[], everyPost: boolean, first: string, last: string): DailyActivity[] {
  const byDay = new Map<string, number[]>();
  for (const post of posts) {
    const day = post.postedAt.toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), post.engagementRate]);
  }
  const oldest = posts.reduce<string | null>((min, p) => {
    const day = p.postedAt.toISOString().slice(0, 10);
    return min === null || day < min ? day : min;
  }, null);
  if (!everyPost && oldest === null) return [];
  const start = everyPost || oldest! < first ? first : addDays(oldest!, 1);
  const activity: DailyActivity[] = [];
  for (let day = start; dayMs(day) <= dayMs(last); day = addDays(day, 1)) {
    const rates = byDay.get(day) ?? [];
    activity.push({ date: day, posts: rates.length, engagementRate: rates.length > 0 ? rates.reduce((s, r) => s + r, 0) / rates.length : null });
  }
  return activity;
}
