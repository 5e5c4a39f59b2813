import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import { LruCache } from '@telepulse/platform/lru-cache';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import { ChannelHistoryDocument, ChannelHistoryVersionsDocument, type HistoryPostFragment } from '../__generated__/supergraph-operations.js';
import { SharedVersionChecks } from './version-checks.js';

/** Where the engagement subgraph reads channels' recent posts; it never reads the channels subgraph's collections. */
export interface ChannelHistoryReader {
  /** Recent posts per channel id, in order; null for a channel that does not exist. */
  recentPosts(ids: readonly string[], scope: ReadScope): Promise<(HistoryPost[] | null)[]>;
}

/** A channel's recent posts as read, with the channel's `historyVersion` read in the same query (the same document). */
export interface CachedHistory {
  version: number;
  posts: HistoryPost[];
}

/** Channels whose history one process keeps by default: 32 posts each, about 5 MB. */
export const DEFAULT_HISTORY_CACHE_SIZE = 2_000;

/** The cache a process's history reads share (named for metrics). */
export function historyCache(capacity = DEFAULT_HISTORY_CACHE_SIZE): LruCache<string, CachedHistory> {
  return new LruCache('channel-history:engagement', capacity);
}

/**
 * Reads channel histories through the gateway, as any client would, keeping each channel's in
 * `cache` with its `historyVersion`. A channel's history is read again only when its version
 * moved: the channels subgraph stamps it before acknowledging every ingest's commit, so a
 * prediction after an ingest sees the new posts. With nothing cached for the asked channels it
 * is one query (history and versions together); otherwise first a check of the versions of
 * those cached (shared with concurrent requests: SharedVersionChecks, a check that began after
 * this call), then one query for the histories that changed or were not cached.
 * Reads are anonymous (see SupergraphClient): what is cached is the same for every caller.
 */
export function supergraphChannelHistory(client: SupergraphClient, cache: LruCache<string, CachedHistory> = historyCache()): ChannelHistoryReader & { checks: SharedVersionChecks } {
  const checks = new SharedVersionChecks(async (ids, scope) => {
    const { channels } = await client.request(ChannelHistoryVersionsDocument, { ids }, scope);
    return new Map(answered(channels, 'channels').map((channel, i) => [ids[i]!, channel?.historyVersion ?? null] as const));
  });
  return {
    checks,
    async recentPosts(ids, scope) {
      // A looping request fails here as its own read would, not inside a check shared with others.
      client.assertNoLoop(scope.trace);
      const answers = new Map<string, HistoryPost[] | null>();
      const distinct = [...new Set(ids)];
      const cached = distinct.filter((id) => cache.peek(id) !== undefined);
      // Not cached at all: a miss (the cached ones count as hits or misses once their version is known).
      for (const id of distinct) if (cache.peek(id) === undefined) cache.get(id);
      if (cached.length > 0) {
        const versions = await checks.versions(cached, scope);
        versions.forEach((version, i) => {
          const id = cached[i]!;
          // A channel that is gone is answered as gone; one whose version moved is read below.
          if (version === null) return answers.set(id, null);
          const current = cache.get(id, (entry) => entry.version === version);
          if (current) answers.set(id, current.posts);
        });
      }
      const stale = distinct.filter((id) => !answers.has(id));
      if (stale.length > 0) {
        const { channels } = await client.request(ChannelHistoryDocument, { ids: stale }, scope);
        answered(channels, 'channels').forEach((channel, i) => {
          const id = stale[i]!;
          if (!channel) return answers.set(id, null);
          const posts = channel.recentPosts.map(toHistoryPost);
          // Cached under the version read with these posts: a later ingest's commit moves it.
          cache.set(id, { version: channel.historyVersion, posts });
          answers.set(id, posts);
        });
      }
      return ids.map((id) => answers.get(id) ?? null);
    },
  };
}

/** Posts as they crossed the wire (a gateway answer or a federation representation) carry dates as ISO strings. */
export function toHistoryPost(post: HistoryPostFragment): HistoryPost {
  return { ...post, postedAt: new Date(post.postedAt) };
}
