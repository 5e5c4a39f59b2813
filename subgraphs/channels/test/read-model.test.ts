import { describe, expect, it } from 'vitest';
import { RECENT_POSTS_WINDOW, type Post } from '../src/domain/channel.js';
import { latestCount, mergeRecentPosts, newestFirst, postsFromWindow, toChannelDoc } from '../src/store/read-model.js';

const minute = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, n));
const post = (id: number, at = id): Post => ({ id: String(id), postedAt: minute(at), views: 1, forwards: null, replies: 0, reactions: 0, text: null, textLength: 0, hasMedia: false });
/** Posts 1..n, newest first, as a window holds them. */
const newest = (n: number, from = 1) => Array.from({ length: n }, (_, i) => post(from + n - 1 - i));
const ids = (posts: readonly Post[]) => posts.map((p) => p.id);

describe('the recent-posts window, merged from the stored window and the batch', () => {
  it('puts new posts in, newest first, and keeps the window size', () => {
    const { posts, complete } = mergeRecentPosts(newest(RECENT_POSTS_WINDOW), [post(100), post(0)]);
    expect(complete).toBe(true);
    expect(posts).toHaveLength(RECENT_POSTS_WINDOW);
    expect(ids(posts).slice(0, 2)).toEqual(['100', '32']);
    expect(ids(posts)).not.toContain('0');
  });

  it('replaces a post already in the window by its new values, without duplicating it', () => {
    const { posts, complete } = mergeRecentPosts(newest(5), [{ ...post(3), views: 999 }]);
    expect(complete).toBe(true);
    expect(ids(posts)).toEqual(['5', '4', '3', '2', '1']);
    expect(posts[2]!.views).toBe(999);
  });

  it('a window that was not full held every post, so a post moving back in time stays exact', () => {
    expect(mergeRecentPosts(newest(5), [post(5, -10)])).toEqual({ posts: [post(4), post(3), post(2), post(1), post(5, -10)], complete: true });
  });

  it('says it is incomplete when a post of a full window moves below its last post: an older post may belong in it', () => {
    const window = newest(RECENT_POSTS_WINDOW, 10);
    expect(mergeRecentPosts(window, [post(20, 0)]).complete).toBe(false);
    // Moving within the window, or to exactly its old last place, is still exact.
    expect(mergeRecentPosts(window, [post(20, 15)]).complete).toBe(true);
  });

  it('orders equal instants by the greater id first', () => {
    expect([post(1, 5), post(2, 5), post(3, 6)].sort(newestFirst).map((p) => p.id)).toEqual(['3', '2', '1']);
  });
});

describe('posts(limit, before) answered from the window', () => {
  const channel = { recentPosts: newest(RECENT_POSTS_WINDOW, 11), postCount: 42 };

  it('answers when the window holds `limit` posts before `before`', () => {
    expect(ids(postsFromWindow(channel, 3, null)!)).toEqual(['42', '41', '40']);
    expect(ids(postsFromWindow(channel, 2, minute(20))!)).toEqual(['19', '18']);
  });

  it('defers to the collection when older posts exist beyond the window', () => {
    expect(postsFromWindow(channel, 33, null)).toBeUndefined();
    expect(postsFromWindow(channel, 5, minute(13))).toBeUndefined();
  });

  it('answers anything when the window holds every post', () => {
    const small = { recentPosts: newest(4), postCount: 4 };
    expect(ids(postsFromWindow(small, 50, null)!)).toEqual(['4', '3', '2', '1']);
    expect(postsFromWindow(small, 50, minute(1))).toEqual([]);
  });
});

describe('the latest subscriber count', () => {
  const day = (d: number, count: number) => ({ date: new Date(Date.UTC(2024, 0, d)), count });

  it('is the latest day of the stored one and the batch; a batch day replaces the same stored day', () => {
    expect(latestCount(day(5, 50), [day(3, 30), day(4, 40)])).toEqual(day(5, 50));
    expect(latestCount(day(5, 50), [day(6, 60), day(4, 40)])).toEqual(day(6, 60));
    expect(latestCount(day(5, 50), [day(5, 55)])).toEqual(day(5, 55));
    expect(latestCount(null, [])).toBeNull();
  });
});

describe('channel documents as readers get them', () => {
  it('skips a channel an ingest is still creating', () => {
    expect(toChannelDoc({ _id: 'c', title: null, createdAt: null, updatedAt: minute(0) })).toBeNull();
  });

  it('fills what documents of earlier versions lack: FerretDB dropped the empty recentPosts and null lastPostAt of upsertChannel', () => {
    expect(toChannelDoc({ _id: 'c', title: 'T', createdAt: minute(0), updatedAt: minute(0), postCount: 0 })).toEqual({
      _id: 'c',
      title: 'T',
      createdAt: minute(0),
      updatedAt: minute(0),
      postCount: 0,
      lastPostAt: null,
      recentPosts: [],
      revision: 0,
      openIngests: [],
    });
  });
});
