import DataLoader from 'dataloader';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { SubscriberCount } from './domain/channel.js';
import type { ChannelStore, CountsRequest } from './store/channel-store.js';
import type { ChannelDoc } from './store/documents.js';

export interface Loaders {
  /** Channels by id: N ids in one `$in` query per tick; null for ids that do not exist. */
  channel: DataLoader<string, ChannelDoc | null>;
  /** Channels' daily counts: the ranges N channels ask for in one tick, in one query. */
  subscriberCounts: DataLoader<CountsRequest, SubscriberCount[], string>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(store: ChannelStore): Loaders {
  return {
    channel: byIdsLoader((ids) => store.findChannels(ids)),
    subscriberCounts: new DataLoader((requests) => store.findSubscriberCountsOf(requests), {
      cacheKeyFn: ({ channel, from, to }) => JSON.stringify([channel._id, from?.toISOString() ?? null, to?.toISOString() ?? null]),
    }),
  };
}
