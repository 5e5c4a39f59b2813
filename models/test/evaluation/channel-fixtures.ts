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
