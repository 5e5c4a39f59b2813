import DataLoader from 'dataloader';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { ChannelPost, PostKey, SubscriberCount } from './domain/channel.js';
import type { ChannelStore, CountsRequest } from './store/channel-store.js';
import { postKey, type ChannelDoc } from './store/documents.js';

export interface Loaders {
  /** Channels by id: N ids in one read per tick (point reads for a few); null for ids that do not exist. */
  channel: DataLoader<string, ChannelDoc | null>;
  /** Channels' revisions (`historyVersion`) from their small version documents, by id: N ids in one read; null for ids that do not exist. */
  channelVersion: DataLoader<string, number | null>;
  /** Committed posts by key (federation references): N keys, one read of their channels and one of the posts; null where there is none. */
  post: DataLoader<PostKey, ChannelPost | null, string>;
  /** Channels' daily counts: the ranges N channels ask for in one tick, in one query. */
  subscriberCounts: DataLoader<CountsRequest, SubscriberCount[], string>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(store: ChannelStore): Loaders {
  return {
    channel: byIdsLoader((ids) => store.findChannels(ids)),
    channelVersion: byIdsLoader((ids) => store.findVersions(ids)),
    post: new DataLoader(
      async (keys) => {
        const found = await store.findPostsByKey(keys);
        return keys.map((k) => found.get(postKey(k.channelId, k.id)) ?? null);
      },
      { cacheKeyFn: (k) => postKey(k.channelId, k.id) },
    ),
    subscriberCounts: new DataLoader((requests) => store.findSubscriberCountsOf(requests), {
      cacheKeyFn: ({ channel, from, to }) => JSON.stringify([channel._id, from?.toISOString() ?? null, to?.toISOString() ?? null]),
    }),
  };
}
