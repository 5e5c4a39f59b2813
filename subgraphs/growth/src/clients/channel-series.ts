import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import { LruCache } from '@telepulse/platform/lru-cache';
import { addDays, type GrowthHistory } from '@telepulse/models/growth/series';
import { channelHistory, type ChannelRecord } from '../domain/channel-history.js';
import { GrowthChannelLatestDocument, GrowthChannelSeriesDocument } from '../__generated__/supergraph-operations.js';

/** One channel's history asked for: the last `days` days up to its latest count. */
export interface SeriesRequest {
  channelId: string;
  days: number;
}

/** Where the growth subgraph reads channels' subscriber counts; it never reads the channels subgraph's collections. */
export interface ChannelSeriesReader {
  /** Each request's history, in order; null for a channel that does not exist. */
  read(requests: readonly SeriesRequest[], scope: ReadScope): Promise<(GrowthHistory | null)[]>;
}

/** A channel's counts from `from` on, its newest posts and post count, as read when its `historyVersion` was `version`. */
export interface CachedSeries {
  version: number;
  /** The first day asked for: every count from it on is in `record`. */
  from: string;
  record: ChannelRecord;
}

/** Channels whose series one process keeps by default. */
export const DEFAULT_SERIES_CACHE_SIZE = 2_000;

/** The cache a process's series reads share (named for metrics). */
export function seriesCache(capacity = DEFAULT_SERIES_CACHE_SIZE): LruCache<string, CachedSeries> {
  return new LruCache('channel-series:growth', capacity);
}

/**
 * Reads histories through the gateway, as any client would: one query for where every asked
 * channel's counts end (and its `historyVersion`), then one for the counts from the earliest day
 * any request needs (each cut to its own window here), for the channels not in `cache` with that
 * version and a window reaching back far enough. The channels subgraph bumps the version in the
 * same write as every ingest's commit, so a forecast after an ingest reads the new counts.
 * Channels without counts cost no second query. Reads are anonymous: the cache is every caller's.
 */
export function supergraphChannelSeries(client: SupergraphClient, cache: LruCache<string, CachedSeries> = seriesCache()): ChannelSeriesReader {
  return {
    async read(requests, scope) {
      const ids = [...new Set(requests.map((r) => r.channelId))];
      const channels = answered((await client.request(GrowthChannelLatestDocument, { ids }, scope)).channels, 'channels');
      const latest = new Map(ids.map((id, i) => [id, channels[i] ? (channels[i].latestSubscriberCount?.date ?? null) : undefined]));
      const versions = new Map(channels.flatMap((c) => (c ? [[c.id, c.historyVersion] as const] : [])));
      // The first day each channel's requests need.
      const needed = new Map<string, string>();
      for (const r of requests) {
        const last = latest.get(r.channelId);
        if (!last) continue;
        const start = addDays(last, -(r.days - 1));
        const before = needed.get(r.channelId);
        if (before === undefined || start < before) needed.set(r.channelId, start);
      }
      const series = new Map<string, ChannelRecord>();
      for (const [id, start] of needed) {
        const hit = cache.get(id, (entry) => entry.version === versions.get(id) && entry.from <= start);
        if (hit) series.set(id, hit.record);
      }
      const toRead = [...needed.keys()].filter((id) => !series.has(id));
      if (toRead.length > 0) {
        const from = toRead.map((id) => needed.get(id)!).reduce((min, day) => (day < min ? day : min));
        const found = answered((await client.request(GrowthChannelSeriesDocument, { ids: toRead, from }, scope)).channels, 'channels');
        for (const channel of found) {
          if (!channel) continue;
          const record: ChannelRecord = {
            counts: channel.subscriberCounts,
            recentPosts: channel.recentPosts.map((p) => ({ ...p, postedAt: new Date(p.postedAt) })),
            postCount: channel.postCount,
          };
          // Under the version read before these counts: an ingest committed since moves it, and the next read refreshes.
          cache.set(channel.id, { version: versions.get(channel.id)!, from, record });
          series.set(channel.id, record);
        }
      }
      return requests.map(({ channelId, days }) => {
        if (latest.get(channelId) === undefined) return null;
        // A channel without counts has an empty history: too short, not unknown.
        return channelHistory(series.get(channelId) ?? { counts: [], recentPosts: [], postCount: 0 }, days);
      });
    },
  };
}
