import { addDays, dayMs, GROWTH_WINDOW, type DailyActivity, type DailyCount, type GrowthHistory } from '@telepulse/models/growth/series';

/** A post as the growth domain reads it: when, and how it engaged (the rate means nothing without views). */
export interface ActivityPost {
  postedAt: Date;
  views: number;
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
 * count, and what it published on those days when the posts at hand tell it for the whole
 * window the model reads (see dailyActivity).
 */
export function channelHistory(channel: ChannelRecord, days: number, window = GROWTH_WINDOW): GrowthHistory {
  const last = channel.counts[channel.counts.length - 1];
  if (!last) return { counts: [] };
  const counts = channel.counts.filter((c) => c.date >= addDays(last.date, -(days - 1)));
  const activity = dailyActivity(channel.recentPosts, channel.recentPosts.length >= channel.postCount, { first: counts[0]!.date, last: last.date, windowStart: addDays(last.date, -(window - 1)) });
  return activity ? { counts, activity } : { counts };
}

/**
 * Posts and mean engagement per UTC day up to `last`, from the channel's first post when the
 * posts at hand are all it has (`everyPost`; the days before it are unknown, as the model was
 * trained), else from the day after the oldest one's (that day, and those before, may have posts
 * not at hand); never before `first`. The rate is the mean of the day's posts with views (null
 * without any), as the model was trained. Null when
 * nothing is known or the known days start after `windowStart`: the model was trained on
 * activity known on every day of its window since the channel's first post, or on none, never on
 * a few recent days alone.
 */
export function dailyActivity(posts: readonly ActivityPost[], everyPost: boolean, { first, last, windowStart }: { first: string; last: string; windowStart: string }): DailyActivity[] | null {
  if (posts.length === 0) return null;
  const byDay = new Map<string, ActivityPost[]>();
  for (const post of posts) {
    const day = post.postedAt.toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), post]);
  }
  const oldest = [...byDay.keys()].sort()[0]!;
  const known = everyPost ? oldest : addDays(oldest, 1);
  if (!everyPost && known > windowStart) return null;
  const activity: DailyActivity[] = [];
  for (let day = known > first ? known : first; dayMs(day) <= dayMs(last); day = addDays(day, 1)) {
    const published = byDay.get(day) ?? [];
    const rates = published.filter((p) => p.views > 0).map((p) => p.engagementRate);
    activity.push({ date: day, posts: published.length, engagementRate: rates.length > 0 ? rates.reduce((s, r) => s + r, 0) / rates.length : null });
  }
  return activity;
}
