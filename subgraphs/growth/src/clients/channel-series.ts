import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import { addDays, type GrowthHistory } from '@telepulse/models/growth/series';
import { channelHistory } from '../domain/channel-history.js';
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

/**
 * Reads histories through the gateway, as any client would: one query for where every asked
 * channel's counts end, then one for the counts from the earliest day any request needs (each
 * cut to its own window here). Channels without counts cost no second query.
 */
export function supergraphChannelSeries(client: SupergraphClient): ChannelSeriesReader {
  return {
    async read(requests, scope) {
      const ids = [...new Set(requests.map((r) => r.channelId))];
      const channels = answered((await client.request(GrowthChannelLatestDocument, { ids }, scope)).channels, 'channels');
      const latest = new Map(ids.map((id, i) => [id, channels[i] ? (channels[i].latestSubscriberCount?.date ?? null) : undefined]));
      const starts = requests.flatMap((r) => {
        const last = latest.get(r.channelId);
        return last ? [addDays(last, -(r.days - 1))] : [];
      });
      const counted = ids.filter((id) => latest.get(id));
      const series = new Map<string, Parameters<typeof channelHistory>[0]>();
      if (counted.length > 0) {
        const from = starts.reduce((min, day) => (day < min ? day : min));
        const found = answered((await client.request(GrowthChannelSeriesDocument, { ids: counted, from }, scope)).channels, 'channels');
        for (const channel of found) {
          if (!channel) continue;
          series.set(channel.id, {
            counts: channel.subscriberCounts,
            recentPosts: channel.recentPosts.map((p) => ({ ...p, postedAt: new Date(p.postedAt) })),
            postCount: channel.postCount,
          });
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
