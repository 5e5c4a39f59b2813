import { RECENT_POSTS_WINDOW, type Post, type SubscriberCount } from '../domain/channel.js';
import type { ChannelDoc, StoredChannelDoc } from './documents.js';

/** The order of `recentPosts` and of `posts(...)`: newest first, then the greater id. */
export function newestFirst(a: Pick<Post, 'postedAt' | 'id'>, b: Pick<Post, 'postedAt' | 'id'>): number {
  return b.postedAt.getTime() - a.postedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The channel as readers get it, or null while it exists only for an ingest that has not
 * committed. Documents of earlier versions get the fields they lack (FerretDB dropped the empty
 * `recentPosts` and null `lastPostAt` of `$setOnInsert`, so a channel made by upsertChannel had none).
 */
export function toChannelDoc(stored: StoredChannelDoc | null): ChannelDoc | null {
  if (!stored || !stored.createdAt) return null;
  return {
    ...stored,
    createdAt: stored.createdAt,
    postCount: stored.postCount ?? 0,
    lastPostAt: stored.lastPostAt ?? null,
    recentPosts: stored.recentPosts ?? [],
    revision: stored.revision ?? 0,
    openIngests: stored.openIngests ?? [],
  };
}

/**
 * The window after committing `committed` (new values of posts, some perhaps already in it):
 * exact unless a post of a full window moved below its old last post (its date went back), when
 * a post outside the window may belong in it: then `complete` is false and the caller reads the
 * window from the posts themselves.
 */
export function mergeRecentPosts(window: readonly Post[], committed: readonly Post[]): { posts: Post[]; complete: boolean } {
  const replaced = new Set(committed.map((p) => p.id));
  const posts = [...window.filter((p) => !replaced.has(p.id)), ...committed].sort(newestFirst).slice(0, RECENT_POSTS_WINDOW);
  // Every post outside a full window ranks below its last one; a window that was not full held every post.
  const cutoff = window.length >= RECENT_POSTS_WINDOW ? window[window.length - 1] : undefined;
  const last = posts[posts.length - 1];
  return { posts, complete: !cutoff || (last !== undefined && newestFirst(last, cutoff) <= 0) };
}

/**
 * `posts(limit, before)` answered from the window, when it holds the answer: `limit` posts before
 * `before`, or every committed post. Undefined when the posts collection must be read.
 */
export function postsFromWindow(channel: Pick<ChannelDoc, 'recentPosts' | 'postCount'>, limit: number, before: Date | null): Post[] | undefined {
  const eligible = before ? channel.recentPosts.filter((p) => p.postedAt.getTime() < before.getTime()) : channel.recentPosts;
  if (eligible.length >= limit || channel.recentPosts.length >= channel.postCount) return eligible.slice(0, limit);
  return undefined;
}

/** The latest day's count after committing `points`: a day in `points` replaces the same day. */
export function latestCount(current: SubscriberCount | null, points: readonly SubscriberCount[]): SubscriberCount | null {
  return [...points, ...(current ? [current] : [])].reduce<SubscriberCount | null>((latest, p) => (!latest || p.date.getTime() > latest.date.getTime() ? p : latest), null);
}
