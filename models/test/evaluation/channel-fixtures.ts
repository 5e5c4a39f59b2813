import type { ChannelRecord, PostRecord } from '@telepulse/dataset';

/** A channel whose post k has `views[k]` views and `reactions[k]` reactions, hourly from 2024-01-01, and `days` daily subscriber counts. */
export function handMadeChannel(reactions: readonly number[], options: { views?: readonly number[]; days?: number; id?: string } = {}): ChannelRecord {
  const posts: PostRecord[] = reactions.map((r, k) => ({
    id: String(k + 1),
    postedAt: new Date(Date.UTC(2024, 0, 1, k)).toISOString(),
    views: options.views?.[k] ?? 100,
    forwards: null,
    replies: 0,
    reactions: r,
    text: null,
    textLength: 120,
    hasMedia: k % 2 === 0,
  }));
  const subscriberCounts = Array.from({ length: options.days ?? 0 }, (_, d) => ({ date: new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10), count: 1000 + d }));
  return { id: options.id ?? 'hand', title: 'Hand-made', posts, subscriberCounts };
}

/**
 * A channel with `days` daily subscriber counts from 2026-01-01, count(t) on day t, the days in
 * `missing` left out (no count that day), and the given posts.
 */
export function handMadeGrowthChannel(
  count: (t: number) => number,
  options: { days: number; missing?: readonly number[]; id?: string; posts?: PostRecord[] },
): ChannelRecord {
  const subscriberCounts = Array.from({ length: options.days }, (_, t) => t)
    .filter((t) => !options.missing?.includes(t))
    .map((t) => ({ date: new Date(Date.UTC(2026, 0, 1 + t)).toISOString().slice(0, 10), count: count(t) }));
  return { id: options.id ?? 'hand-growth', title: 'Hand-made growth', posts: options.posts ?? [], subscriberCounts };
}

/** +10 subscribers a day up to day 30 (1 300), then +20 a day: an acceleration no naive forecast sees coming. */
export const accelerating = (t: number) => (t <= 30 ? 1000 + 10 * t : 1300 + 20 * (t - 30));
